/**
 * Unit tests of the runtime's environment-neutral parts (Node: no Worker, no Cache Storage):
 * artifact loading over a fake fetch, progress ordering, error transport, the worker host's
 * failure paths, and the setup / input policies. The browser paths are tested with Playwright
 * in test/browser/.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256Hex, utf8 } from '../utils/hex.js'
import { loadArtifacts } from './loadArtifacts.js'
import { orderedProgress } from './progress.js'
import { provingKeySource } from './provingKey.js'
import { blobSha256Hex, blobZkeyReader, KEY_READ_CHUNK } from './keyBlob.js'
import { digestSha256Hex } from './sha256.js'
import { deserializeError, serializeError } from './workerErrors.js'
import { createWorkerHost } from './workerHost.js'
import { checkInput, checkSetupPolicy } from './createProver.js'
import { InputRangeError, InvalidInputError } from '../errors/input.js'
import { ArtifactHashMismatchError } from '../errors/artifact.js'
import { AbortError, ArtifactFetchError, InsecureSetupError, WorkerCrashedError } from '../errors/runtime.js'
import type { Manifest } from '../compile/manifest.js'
import type { ProveProgress } from './types.js'

const files: Record<string, Uint8Array> = {
  'model.onnx': new Uint8Array(3000).map((_, i) => i & 0xff),
  'circuit.json': utf8('{"version":1}'),
  'circuit.zkey': new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff),
  'vkey.json': utf8('{"nPublic":1}'),
}
const manifest = {
  format: 'zkml-artifacts',
  version: 2,
  setup: { kind: 'dev-insecure', power: 10, circuitHash: 'ab'.repeat(64), contributions: [{ name: 'dev', hash: 'cd'.repeat(64) }], beacon: null, note: '' },
  inputs: [{ name: 'x', shape: [1, 3], scale: 4, bits: 8, signed: true, min: -2, max: 2 }],
  files: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, { sha256: sha256Hex(v), size: v.length }])),
} as unknown as Manifest

/** A fetch serving `served` from http://test/a/, streaming bodies in 16 KiB chunks; records URLs. */
function fakeFetch(served: Record<string, Uint8Array>, log: string[] = []): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    log.push(url)
    init?.signal?.throwIfAborted()
    const name = url.replace('http://test/a/', '')
    const body = name === 'manifest.json' ? utf8(JSON.stringify(manifest)) : served[name]
    if (!body) return new Response('missing', { status: 404 })
    let offset = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (offset >= body.length) return c.close()
        c.enqueue(body.slice(offset, offset + 16384))
        offset += 16384
      },
    })
    return new Response(stream, { status: 200 })
  }) as typeof fetch
}

describe('provingKeySource', () => {
  it('hands a downloaded key over once as a Blob (dropped from the set), then re-reads it checked against the first manifest', async () => {
    const log: string[] = []
    let served: Record<string, Uint8Array> = files
    const fetchFn = ((input: RequestInfo | URL, init?: RequestInit) => fakeFetch(served, log)(input, init)) as typeof fetch
    const loaded = await loadArtifacts({ source: 'http://test/a/', fetch: fetchFn })
    const source = provingKeySource({ loaded, appOwned: false, fetch: fetchFn })
    expect(source.owned).toBe(true)
    expect(loaded.files.zkey).toBeUndefined()
    const first = await source.take()
    expect(first).toBeInstanceOf(Blob)
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(files['circuit.zkey'])
    log.length = 0
    const again = await source.take()
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(files['circuit.zkey'])
    // Only the key is read again; manifest.json is not.
    expect(log).toEqual(['http://test/a/circuit.zkey'])
    // A key that changed on the server since the first load is refused.
    const flip = files['circuit.zkey']!.slice()
    flip[7]! ^= 1
    served = { ...files, 'circuit.zkey': flip }
    await expect(source.take()).rejects.toMatchObject({ name: 'ArtifactHashMismatchError', file: 'circuit.zkey' })
  })

  it("keeps an app-owned key (in memory or loaded by the app): a Blob of the same bytes each time", async () => {
    const loaded = await loadArtifacts({ source: { manifest, files } })
    const source = provingKeySource({ loaded, appOwned: true })
    expect(source.owned).toBe(false)
    expect(loaded.files.zkey).toBe(files['circuit.zkey'])
    for (let i = 0; i < 2; i++) {
      const zkey = await source.take()
      expect(new Uint8Array(await zkey.arrayBuffer())).toEqual(files['circuit.zkey'])
    }
  })
})

describe('blobZkeyReader / blobSha256Hex', () => {
  it('reads any range of a key Blob in slices of at most KEY_READ_CHUNK, hashes it like WebCrypto, and refuses a range past the end', async () => {
    const bytes = new Uint8Array(KEY_READ_CHUNK * 2 + 12345).map((_, i) => (i * 7 + (i >> 9)) & 255)
    const blob = new Blob([bytes])
    const sizes: number[] = []
    const slice = blob.slice.bind(blob)
    blob.slice = ((a?: number, b?: number) => {
      sizes.push((b ?? blob.size) - (a ?? 0))
      return slice(a, b)
    }) as Blob['slice']
    const reader = blobZkeyReader(blob)
    expect(reader.size).toBe(bytes.length)
    const into = new Uint8Array(bytes.length - 100)
    await reader.read(into, 50)
    expect(Buffer.from(into).equals(bytes.subarray(50, bytes.length - 50))).toBe(true)
    expect(Math.max(...sizes)).toBe(KEY_READ_CHUNK)
    expect(sizes.length).toBe(3)
    expect(await blobSha256Hex(blob)).toBe(await digestSha256Hex(bytes))
    await expect(Promise.resolve(reader.read(new Uint8Array(10), bytes.length - 5))).rejects.toMatchObject({ name: 'ArtifactError', file: 'circuit.zkey' })
  })
})

describe('loadArtifacts', () => {
  it('fetches, checks and reports byte progress in order', async () => {
    const events: ProveProgress[] = []
    const log: string[] = []
    const loaded = await loadArtifacts({ source: 'http://test/a/', fetch: fakeFetch(files, log), onProgress: (p) => events.push(p) })
    expect(log[0]).toBe('http://test/a/manifest.json')
    expect(loaded.files.zkey).toEqual(files['circuit.zkey'])
    expect(loaded.stats.downloadedBytes).toBe(Object.values(files).reduce((a, f) => a + f.length, 0))
    expect(Object.values(loaded.stats.sources)).toEqual(['network', 'network', 'network', 'network'])
    for (let i = 1; i < events.length; i++) expect(events[i]!.fraction).toBeGreaterThanOrEqual(events[i - 1]!.fraction)
    expect(events.at(-1)).toMatchObject({ stage: 'download', fraction: 1 })
    expect(events.some((e) => e.fraction > 0 && e.fraction < 1 && e.file === 'circuit.zkey')).toBe(true)
  })

  it('rejects a tampered, truncated or oversized file, and an HTTP error', async () => {
    const flip = files['circuit.zkey']!.slice()
    flip[100]! ^= 1
    await expect(loadArtifacts({ source: 'http://test/a/manifest.json', fetch: fakeFetch({ ...files, 'circuit.zkey': flip }) })).rejects.toBeInstanceOf(ArtifactHashMismatchError)
    await expect(loadArtifacts({ source: 'http://test/a/manifest.json', fetch: fakeFetch({ ...files, 'vkey.json': files['vkey.json']!.slice(1) }) })).rejects.toMatchObject({ name: 'ArtifactHashMismatchError', file: 'vkey.json' })
    await expect(loadArtifacts({ source: 'http://test/a/manifest.json', fetch: fakeFetch({ ...files, 'model.onnx': new Uint8Array(5000) }) })).rejects.toMatchObject({ name: 'ArtifactError', file: 'model.onnx' })
    const { 'circuit.json': _c, ...without } = files
    await expect(loadArtifacts({ source: 'http://test/a/manifest.json', fetch: fakeFetch(without) })).rejects.toMatchObject({ name: 'ArtifactFetchError', status: 404 })
    await expect(loadArtifacts({ source: 'http://test/a/manifest.json', fetch: fakeFetch(without) })).rejects.toBeInstanceOf(ArtifactFetchError)
  })

  it('runs onManifest before any file is fetched, and honours include', async () => {
    const log: string[] = []
    await expect(loadArtifacts({ source: 'http://test/a/', fetch: fakeFetch(files, log), onManifest: (m) => checkSetupPolicy(m, false) })).rejects.toBeInstanceOf(InsecureSetupError)
    expect(log).toEqual(['http://test/a/manifest.json'])
    const partial = await loadArtifacts({ source: 'http://test/a/', fetch: fakeFetch(files), include: ['circuit', 'vkey'] })
    expect(Object.keys(partial.files).sort()).toEqual(['circuit', 'vkey'])
  })

  it('checks in-memory artifacts too', async () => {
    const loaded = await loadArtifacts({ source: { manifest: JSON.stringify(manifest), files } })
    expect(Object.values(loaded.stats.sources)).toEqual(['memory', 'memory', 'memory', 'memory'])
    await expect(loadArtifacts({ source: { manifest, files: { ...files, 'circuit.json': utf8('{}') } } })).rejects.toBeInstanceOf(ArtifactHashMismatchError)
    expect(await loadArtifacts({ source: loaded })).toBe(loaded)
  })

  it('aborts with AbortError', async () => {
    const c = new AbortController()
    const p = loadArtifacts({ source: 'http://test/a/', fetch: fakeFetch(files), signal: c.signal, onProgress: (e) => e.fraction > 0 && c.abort() })
    await expect(p).rejects.toBeInstanceOf(AbortError)
    await expect(p).rejects.toMatchObject({ name: 'AbortError', stage: 'download' })
  })
})

describe('cancelling a real download (Node fetch, a slow HTTP server)', () => {
  // Serves the artifacts over HTTP; circuit.zkey trickles in 1 KiB every 20 ms (~1.4 s in all).
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      const name = (req.url ?? '').replace('/a/', '')
      const body = name === 'manifest.json' ? utf8(JSON.stringify(manifest)) : files[name]
      if (!body) return void res.writeHead(404).end()
      res.writeHead(200, { 'content-length': String(body.length) })
      if (name !== 'circuit.zkey') return void res.end(body)
      let offset = 0
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer)
        res.write(body.subarray(offset, offset + 1024))
        offset += 1024
        if (offset >= body.length) {
          clearInterval(timer)
          res.end()
        }
      }, 20)
      res.on('close', () => clearInterval(timer))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/a/`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('controller.abort(reason) mid-body is AbortError (stage download, the reason kept), not ArtifactFetchError', async () => {
    const c = new AbortController()
    const reason = new Error('user left the page')
    const err = await loadArtifacts({ source: base, cache: false, signal: c.signal, onProgress: (e) => e.file === 'circuit.zkey' && e.fraction > 0 && !c.signal.aborted && c.abort(reason) }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AbortError)
    expect(err).toMatchObject({ name: 'AbortError', stage: 'download', reason })
    expect((err as AbortError).message).toMatch(/Cancelled during download[\s\S]*user left the page/)
  })

  it('AbortSignal.timeout() is AbortError whose reason is the TimeoutError', async () => {
    const err = await loadArtifacts({ source: base, cache: false, signal: AbortSignal.timeout(300) }).catch((e: unknown) => e)
    expect(err).toMatchObject({ name: 'AbortError', stage: 'download' })
    expect((err as AbortError).reason).toMatchObject({ name: 'TimeoutError' })
  })

  it('an abort before the manifest is fetched names the same stage', async () => {
    const c = new AbortController()
    c.abort('stop')
    await expect(loadArtifacts({ source: base, cache: false, signal: c.signal })).rejects.toMatchObject({ name: 'AbortError', stage: 'download', reason: 'stop' })
  })
})

describe('policies', () => {
  it('refuses the dev setup unless allowed', () => {
    expect(() => checkSetupPolicy(manifest, false)).toThrow(InsecureSetupError)
    expect(() => checkSetupPolicy(manifest, true)).not.toThrow()
    const ceremony = { kind: 'ceremony' as const, power: 10, ptauSha256: 'ef'.repeat(32), circuitHash: 'ab'.repeat(64), beacon: null }
    expect(() => checkSetupPolicy({ ...manifest, setup: { ...ceremony, contributions: [{ name: 'c', hash: 'cd'.repeat(64) }] } }, false)).not.toThrow()
    expect(() => checkSetupPolicy({ ...manifest, setup: { ...ceremony, contributions: [] } }, false)).toThrow(InsecureSetupError)
  })
  it('checks input names, counts and range; clamps when asked', () => {
    expect(checkInput(manifest, [0.5, -1, 2], false)).toEqual({ x: [0.5, -1, 2] })
    expect(() => checkInput(manifest, [0.5, -1], false)).toThrow(InvalidInputError)
    expect(() => checkInput(manifest, { y: [1, 2, 3] }, false)).toThrow(InvalidInputError)
    expect(() => checkInput(manifest, [0, 0, 3], false)).toThrow(InputRangeError)
    expect(checkInput(manifest, [0, -9, 3], true)).toEqual({ x: [0, -2, 2] })
  })
})

describe('orderedProgress', () => {
  it('drops events that go back in stage or fraction, and everything after close', () => {
    const seen: string[] = []
    const p = orderedProgress((e) => seen.push(`${e.stage}:${e.fraction}`))
    p.emit({ stage: 'inference', fraction: 0 })
    p.emit({ stage: 'download', fraction: 1 })
    p.emit({ stage: 'inference', fraction: 1 })
    p.emit({ stage: 'prove', fraction: 0.5 })
    p.emit({ stage: 'witness', fraction: 1 })
    p.emit({ stage: 'prove', fraction: 0.2 })
    p.close()
    p.emit({ stage: 'prove', fraction: 1 })
    expect(seen).toEqual(['inference:0', 'inference:1', 'prove:0.5'])
  })
})

describe('worker errors', () => {
  it('round-trips class and fields through structured clone', () => {
    const e = new InputRangeError({ inputName: 'x', index: 2, value: 9, min: -2, max: 2 })
    const back = deserializeError(structuredClone(serializeError(e))) as InputRangeError
    expect(back).toBeInstanceOf(InputRangeError)
    expect(back).toBeInstanceOf(InvalidInputError)
    expect(back).toMatchObject({ name: 'InputRangeError', inputName: 'x', index: 2, value: 9, shortMessage: e.shortMessage })
    expect(back.message).toBe(e.message)
    const plain = deserializeError(structuredClone(serializeError(new TypeError('boom', { cause: new Error('inner') })))) as Error
    expect(plain).toBeInstanceOf(Error)
    expect(plain.name).toBe('TypeError')
    expect((plain.cause as Error).message).toBe('inner')
  })
})

/** A Worker stand-in: an EventTarget whose script "loads" as told. */
class FakeWorker extends EventTarget {
  terminated = false
  constructor(behaviour: 'fail' | 'silent') {
    super()
    if (behaviour === 'fail') setTimeout(() => this.dispatchEvent(new Event('error')), 5)
  }
  postMessage() {}
  terminate() {
    this.terminated = true
  }
}

describe('createWorkerHost', () => {
  it('rejects with WorkerCrashedError when the worker fails to load, and retries with a new one', async () => {
    const made: FakeWorker[] = []
    const host = createWorkerHost<{ f(): Promise<number> }>({ role: 'prover', create: () => (made.push(new FakeWorker('fail')), made.at(-1) as unknown as Worker) })
    await expect(host.run((api) => api.f())).rejects.toMatchObject({ name: 'WorkerCrashedError', worker: 'prover', phase: 'load' })
    await expect(host.run((api) => api.f())).rejects.toBeInstanceOf(WorkerCrashedError)
    expect(made).toHaveLength(2)
    expect(made.every((w) => w.terminated)).toBe(true)
  })
  it('times out a worker that never reports ready; abort terminates it', async () => {
    const host = createWorkerHost<{ f(): Promise<number> }>({ role: 'inference', create: () => new FakeWorker('silent') as unknown as Worker, readyTimeoutMs: 50 })
    await expect(host.run((api) => api.f())).rejects.toMatchObject({ name: 'WorkerCrashedError', phase: 'load' })
    const c = new AbortController()
    const p = host.run((api) => api.f(), { signal: c.signal })
    const w = host.worker as unknown as FakeWorker
    c.abort()
    await expect(p).rejects.toBeInstanceOf(AbortError)
    expect(w.terminated).toBe(true)
  })
})
