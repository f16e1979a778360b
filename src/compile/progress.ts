/** Progress of long work, reported through an optional callback (never printed by the library). */
export type Progress = {
  stage: string
  done: number
  total: number
}
export type OnProgress = (p: Progress) => void
