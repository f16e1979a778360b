import { readFile } from 'node:fs/promises'
import { FileReadError } from '../errors/node.js'

/**
 * Reads and parses a JSON file, with an error naming the file on failure.
 * @throws {FileReadError} When the file cannot be read or is not valid JSON.
 */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new FileReadError({ path, what, reason: 'unreadable', cause: e })
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new FileReadError({ path, what, reason: 'invalid-json', cause: e })
  }
}
