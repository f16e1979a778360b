/**
 * The real prover worker API with a probe for the key-memory test: it records what `init` received
 * as the proving key (a Blob handle or bytes, and its size) and every buffer this worker read out
 * of a Blob or a Response while `init` ran, then posts `{ keyProbe }` to the page. Only this test
 * worker is instrumented; the runtime's worker is untouched.
 *
 * A worker named with `keyAs=bytes` reads the Blob it is given whole first and hands the prover
 * those bytes: the key path before the Blob (the whole key in the worker beside the prover's copy),
 * kept here only as the baseline the memory test compares against.
 */
import { expose } from 'comlink'
import { WORKER_READY_MESSAGE } from '../../../src/runtime/protocol.js'
import { proverWorkerApi, type ProverInitParameters } from '../../../src/runtime/worker/prover.js'

import type { KeyProbe } from './main.js'

let reads: number[] = []
for (const proto of [Blob.prototype, Response.prototype] as { arrayBuffer(): Promise<ArrayBuffer> }[]) {
  const original = proto.arrayBuffer
  proto.arrayBuffer = async function (this: unknown) {
    const buffer = await original.call(this)
    reads.push(buffer.byteLength)
    return buffer
  }
}

expose({
  ...proverWorkerApi,
  async init(p: ProverInitParameters) {
    postMessage({ keyProbeInit: true })
    if (self.name.includes('keyAs=bytes') && p.zkey instanceof Blob) p = { ...p, zkey: new Uint8Array(await p.zkey.arrayBuffer()) }
    reads = []
    const kind = p.zkey instanceof Blob ? 'Blob' : p.zkey instanceof Uint8Array ? 'Uint8Array' : typeof p.zkey
    const size = p.zkey instanceof Blob ? p.zkey.size : (p.zkey as Uint8Array).byteLength
    const probe = (ok: boolean): KeyProbe => ({ kind, size, reads: reads.length, largestRead: Math.max(0, ...reads), totalRead: reads.reduce((a, b) => a + b, 0), ok })
    try {
      await proverWorkerApi.init(p)
      postMessage({ keyProbe: probe(true) })
    } catch (e) {
      postMessage({ keyProbe: probe(false) })
      throw e
    }
  },
})
postMessage(WORKER_READY_MESSAGE)
