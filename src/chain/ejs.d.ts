// Minimal typing of the one ejs function @zkml/web uses (ejs ships no types).
declare module 'ejs' {
  const ejs: { render(template: string, data: Record<string, unknown>): string }
  export default ejs
}
