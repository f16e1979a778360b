/** The widget's pad geometry (CSS px), shared by the page, the trajectory generator and the tests. */
export const PAD = {
  width: 480,
  height: 200,
  /** The ● a movement starts from (recording begins within `startRadius` of it). */
  start: { x: 50, y: 100 },
  startRadius: 24,
  /** The ★ a movement ends on (recording ends with a click within `targetRadius` of it). */
  target: { x: 430, y: 100 },
  targetRadius: 22,
} as const
