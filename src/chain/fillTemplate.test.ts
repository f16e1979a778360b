/**
 * fillTemplate against ejs (the reference it replaces): snarkjs's verifier template renders
 * byte-identically for keys of several sizes, and everything outside the subset is refused.
 */
import { describe, expect, it } from 'vitest'
import ejs from 'ejs'
import { fillTemplate } from './fillTemplate.js'
import { InvalidVerifierTemplateError } from '../errors/chain.js'
import { readGroth16VerifierTemplate } from '../node/verifierTemplate.js'

/** A key-shaped data set with distinct decimal numbers (the shapes the template reads). */
function keyData(nPublic: number) {
  let n = 10n ** 70n
  const next = () => (n += 7919n).toString()
  const g1 = () => [next(), next(), '1']
  const g2 = () => [[next(), next()], [next(), next()], ['1', '0']]
  return { nPublic, vk_alpha_1: g1(), vk_beta_2: g2(), vk_gamma_2: g2(), vk_delta_2: g2(), IC: Array.from({ length: nPublic + 1 }, g1) }
}

describe('fillTemplate', () => {
  it.each([0, 1, 2, 11])("renders snarkjs's verifier template exactly as ejs does (nPublic = %i)", async (nPublic) => {
    const template = await readGroth16VerifierTemplate()
    const data = keyData(nPublic)
    const ours = fillTemplate({ template, data })
    expect(ours).toBe(ejs.render(template, data))
    expect(ours).not.toContain('<%')
  })

  it('evaluates the expression subset: names, indexing, .length, + - * and parentheses', () => {
    const data = { a: [[5, 6], [7, 8]], n: 3, s: '12345678901234567890123' }
    const t = '<%= a[1][0] %>|<%=a.length-1%>|<%= (n-1)*32 %>|<%= -n + 10 %>|<%= s %>|<% for (let i = 1; i <= n; i++) { %>[<%= i*2 %>]<% } %>'
    expect(fillTemplate({ template: t, data })).toBe('7|1|64|7|12345678901234567890123|[2][4][6]')
    expect(fillTemplate({ template: t, data })).toBe(ejs.render(t, data))
  })

  it.each([
    ['code other than a counted loop', '<% console.log(1) %>'],
    ['an unescaped output tag', '<%- a %>'],
    ['a whitespace-trimming tag', '<%_ for (let i = 0; i < 1; i++) { _%>x<% } %>'],
    ['an unknown name', '<%= nope %>'],
    ['an index out of range', '<%= a[9] %>'],
    ['printing a non-integer', '<%= s %>'],
    ['a call', '<%= a.map(x) %>'],
    ['an unclosed loop', '<% for (let i = 0; i < 2; i++) { %>x'],
    ['an unclosed tag', '<%= a[0'],
  ])('refuses %s', (_what, template) => {
    expect(() => fillTemplate({ template, data: { a: [1], s: '<script>' } })).toThrow(InvalidVerifierTemplateError)
  })
})
