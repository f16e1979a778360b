// Minimal typing of the one ejs function the tests use (ejs ships no types): fillTemplate is checked against it.
declare module 'ejs' {
  const ejs: { render(template: string, data: Record<string, unknown>): string }
  export default ejs
}
