import { readFile } from 'node:fs/promises'
import { ZkmlError } from '../errors/base.js'

/** Reads and parses a JSON file, with an error naming the file on failure. */
export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new ZkmlError(`Cannot read the ${what} file ${path}.`, { cause: e })
  }
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ZkmlError(`The ${what} file ${path} is not valid JSON.`, { cause: e })
  }
}
