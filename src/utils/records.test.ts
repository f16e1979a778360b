import { describe, expect, it } from 'vitest'
import { hasOwn, nullRecord, ownValue } from './records.js'

describe('name-keyed records', () => {
  it('__proto__ and constructor are ordinary keys of a null record', () => {
    const r = nullRecord<number>([['__proto__', 1], ['constructor', 2]])
    expect(Object.keys(r)).toEqual(['__proto__', 'constructor'])
    expect(ownValue(r, '__proto__')).toBe(1)
    r['__proto__'] = 3
    expect(Object.getPrototypeOf(r)).toBe(null)
    expect(ownValue(r, '__proto__')).toBe(3)
    expect(JSON.parse(JSON.stringify(r))).toEqual(expect.objectContaining({ constructor: 2 }))
  })
  it('ownValue never returns inherited members, even from plain or JSON-parsed objects', () => {
    expect(ownValue({}, 'constructor')).toBeUndefined()
    expect(ownValue({}, 'toString')).toBeUndefined()
    const parsed = JSON.parse('{"__proto__": [1, 2]}') as Record<string, number[]>
    expect(ownValue(parsed, '__proto__')).toEqual([1, 2])
    expect(ownValue(parsed, 'hasOwnProperty')).toBeUndefined()
    expect(hasOwn(parsed, '__proto__')).toBe(true)
    expect(hasOwn(parsed, 'valueOf')).toBe(false)
  })
})
