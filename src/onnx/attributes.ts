/**
 * Typed readers for node attributes. Each takes the node, the attribute name and an optional
 * default; a missing attribute without a default, or one of the wrong type, throws.
 */
import { OnnxParseError } from '../errors/compile.js'
import type { Node, Tensor } from './ir.js'

function fail(node: Node, name: string, what: string): never {
  throw new OnnxParseError(`Node "${node.name}" (${node.opType}): attribute "${name}" ${what}.`, { tensorName: node.name })
}

/** Reads an INT attribute. @throws {OnnxParseError} missing (no default) or not an int */
export function attrInt(node: Node, name: string, fallback?: number): number {
  const a = node.attributes[name]
  if (a === undefined) return fallback ?? fail(node, name, 'is required')
  if (a.type !== 'int') fail(node, name, `must be an int, got ${a.type}`)
  return a.value
}

/** Reads a FLOAT attribute (an INT is accepted). @throws {OnnxParseError} missing (no default) or not a number */
export function attrFloat(node: Node, name: string, fallback?: number): number {
  const a = node.attributes[name]
  if (a === undefined) return fallback ?? fail(node, name, 'is required')
  if (a.type !== 'float' && a.type !== 'int') fail(node, name, `must be a float, got ${a.type}`)
  return a.value
}

/** Reads an INTS attribute. @throws {OnnxParseError} missing (no default) or not ints */
export function attrInts(node: Node, name: string, fallback?: readonly number[]): number[] {
  const a = node.attributes[name]
  if (a === undefined) return fallback ? [...fallback] : fail(node, name, 'is required')
  if (a.type !== 'ints') fail(node, name, `must be ints, got ${a.type}`)
  return [...a.value]
}

/** Reads a FLOATS attribute. @throws {OnnxParseError} missing (no default) or not floats */
export function attrFloats(node: Node, name: string, fallback?: readonly number[]): number[] {
  const a = node.attributes[name]
  if (a === undefined) return fallback ? [...fallback] : fail(node, name, 'is required')
  if (a.type !== 'floats' && a.type !== 'ints') fail(node, name, `must be floats, got ${a.type}`)
  return [...a.value]
}

/** Reads a STRING attribute. @throws {OnnxParseError} missing (no default) or not a string */
export function attrString(node: Node, name: string, fallback?: string): string {
  const a = node.attributes[name]
  if (a === undefined) return fallback ?? fail(node, name, 'is required')
  if (a.type !== 'string') fail(node, name, `must be a string, got ${a.type}`)
  return a.value
}

/** Reads a STRINGS attribute. @throws {OnnxParseError} missing (no default) or not strings */
export function attrStrings(node: Node, name: string, fallback?: readonly string[]): string[] {
  const a = node.attributes[name]
  if (a === undefined) return fallback ? [...fallback] : fail(node, name, 'is required')
  if (a.type !== 'strings') fail(node, name, `must be strings, got ${a.type}`)
  return [...a.value]
}

/** Reads a TENSOR attribute, or undefined when absent. @throws {OnnxParseError} not a tensor */
export function attrTensor(node: Node, name: string): Tensor | undefined {
  const a = node.attributes[name]
  if (a === undefined) return undefined
  if (a.type !== 'tensor') fail(node, name, `must be a tensor, got ${a.type}`)
  return a.value
}
