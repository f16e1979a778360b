/**
 * The dApp's flows: scan, enroll, prove. Everything private (captures, template, salt, secret)
 * stays in this page, its workers and IndexedDB; the chain sees the leaf at enrollment and the
 * proof with its public signals (root, nullifier, scope, message) when proving.
 */
import { VerifierCallRevertedError } from '../../src/errors/chain.js'
import { createIdentity, hamming, irisCode, merkleProof } from '../../src/identity/index.js'
import type { DemoChain } from './chain.js'
import type { DemoConfig } from './config.js'
import type { Device, OrtCode } from './device.js'
import { drawCode, drawStrip } from './draw.js'
import type { createProgress } from './progress.js'
import { randomSeed, scanIris, type Scan } from './scan.js'
import { type StoredIdentity, deleteIdentity, loadIdentity, saveIdentity, storeKey } from './store.js'
import { byId, byTestId, fieldHex, fmtMs, setStatus, shortHex } from './ui.js'
import type { PrivateValues } from './netlog/fingerprints.js'

/** What the app needs from its surroundings. */
export type AppContext = {
  config: DemoConfig
  chain: DemoChain
  device: Device
  progress: ReturnType<typeof createProgress>
  /** Tells the network panel which private values to look for. */
  watch: (values: PrivateValues) => void
}

type CurrentScan = { scan: Scan; identitySeed: string; used: boolean; ort?: OrtCode | undefined }

/** An error's short message (typed errors carry one). */
const messageOf = (e: unknown) => String((e as { shortMessage?: string })?.shortMessage ?? (e as Error)?.message ?? e).split('\n')[0]!

/**
 * Creates the app's actions.
 *
 * @param ctx - {@link AppContext}
 */
export function createApp(ctx: AppContext) {
  const { config, chain, device, progress } = ctx
  const key = storeKey(config.chainId, config.registry)
  // The registry accepts a proof only from the account named in its message: prove for the submitter.
  const message = BigInt(chain.sender)
  const captures: Uint8Array[] = []
  let identity: StoredIdentity | undefined
  let current: CurrentScan | undefined

  const seedInput = byTestId<HTMLInputElement>('identity-seed')
  const watch = () => ctx.watch({ captures, template: identity?.template, salt: identity?.salt, secret: identity?.secret })

  const showIdentity = () => {
    byId('identity-state').textContent = identity
      ? `Identity "${identity.seed}" enrolled as leaf #${identity.index} (${shortHex(identity.leaf)}). Template, salt and secret are in this browser's IndexedDB only.`
      : 'No identity on this device.'
  }

  /** Shows a scan and its onnxruntime-web code (compared with the exact integer code). */
  const showScan = async (c: CurrentScan) => {
    const { scan } = c
    drawStrip(byId<HTMLCanvasElement>('strip'), scan.strip)
    byId('scan-caption').firstChild!.textContent =
      `${scan.impostor ? 'Someone else’s iris' : scan.enrollment ? 'Your iris (enrollment scan, head aligned)' : 'Your iris'}: tilt ${scan.shift > 0 ? '+' : ''}${scan.shift} column, noise σ ${scan.noise.toFixed(1)}, eyelid ${(scan.occlusion * 100).toFixed(0)} %. `
    const seedEl = byTestId('scan-seed')
    seedEl.textContent = `scan ${scan.scanSeed}`
    Object.assign(seedEl.dataset, { seed: scan.scanSeed, identitySeed: c.identitySeed, impostor: String(scan.impostor), enrollment: String(scan.enrollment) })
    c.ort ??= await device.ortCode(scan.strip)
    const { bits, backend } = c.ort
    const exact = irisCode({ strip: scan.strip })
    drawCode(byId<HTMLCanvasElement>('code'), bits, exact)
    byTestId('backend').textContent = backend.backend === 'wasm' ? `wasm (${backend.threads} thread${backend.threads === 1 ? '' : 's'})` : `webgpu${backend.adapter?.description ? ` (${backend.adapter.description})` : ''}`
    byId('code-agree').textContent = `Float (ORT) and integer (circuit) codes agree on ${bits.length - hamming(bits, exact)}/${bits.length} bits.`
  }

  /** Takes a new scan of the seed's iris, or of someone else's (an enrollment scan is not tilted). */
  const scan = async (impostor: boolean, enrollment = !identity && !impostor): Promise<CurrentScan> => {
    const identitySeed = seedInput.value.trim()
    if (!identitySeed) throw new Error('enter an identity seed first')
    const c: CurrentScan = { scan: scanIris({ identitySeed, scanSeed: randomSeed(), impostor, enrollment }), identitySeed, used: false }
    captures.push(c.scan.strip)
    current = c
    watch()
    await showScan(c)
    return c
  }

  /**
   * The current scan if unused (for enrollment: also an enrollment scan of the seed now entered);
   * else a new scan of the entered seed's iris. Proving with another seed's scan is an impostor attempt.
   */
  const freshScan = async ({ forEnrollment }: { forEnrollment: boolean }): Promise<CurrentScan> => {
    const usable = current && !current.used && (!forEnrollment || (current.scan.enrollment && current.identitySeed === seedInput.value.trim()))
    return usable ? current! : scan(false, forEnrollment)
  }

  const enroll = async () => {
    const c = await freshScan({ forEnrollment: true })
    c.used = true
    const created = createIdentity({ capture: c.scan.strip })
    setStatus(`Enrolling: the issuer (anvil dev account #0, ${shortHex(config.issuer.address, 4)}) adds your leaf to the registry…`, 'working')
    const res = await chain.enroll(created.leaf)
    identity = {
      key,
      seed: c.identitySeed,
      template: created.template,
      salt: created.salt,
      secret: created.secret,
      leaf: created.leaf,
      index: Number(res.index),
      transactionHash: res.transactionHash,
      enrolledAt: Date.now(),
    }
    await saveIdentity(identity)
    watch()
    showIdentity()
    setStatus(`Enrolled as leaf #${identity.index} (tx ${shortHex(res.transactionHash)}, gas ${res.gasUsed}); only the leaf was sent`, 'enrolled')
  }

  const clearResult = () => {
    for (const id of ['tx-hash', 'gas-used', 'nullifier', 'event', 'match', 'bits-agree', 'timings']) byId(id).textContent = '—'
  }

  const prove = async () => {
    if (!identity) throw new Error('no identity on this device: enroll first')
    const id = identity
    const scope = BigInt(byTestId<HTMLInputElement>('scope').value.trim() || '0')
    const c = await freshScan({ forEnrollment: false })
    c.used = true
    clearResult()
    progress.reset()
    const times: Record<string, number> = {}
    setStatus('Proving on this device…', 'working')

    progress.stage('download', 0)
    let t = performance.now()
    const [loaded, registry] = await Promise.all([device.loadArtifacts((p) => progress.stage('download', p.loaded / p.total)), chain.registry()])
    const path = merkleProof({ leaves: registry.leaves, leaf: id.leaf })
    progress.time('download', (times.download = performance.now() - t))

    progress.stage('inference', 0)
    c.ort ??= await device.ortCode(c.scan.strip)
    progress.stage('inference', 1)
    progress.time('inference', (times.inference = c.ort.ms))

    progress.stage('witness', 0)
    let result: Awaited<ReturnType<Device['prove']>>
    try {
      result = await device.prove(
        { capture: c.scan.strip, template: id.template, salt: id.salt, secret: id.secret, merkleProof: path, scope, message },
        (p) => (p.stage === 'prove' ? progress.stage('prove', p.done) : progress.stage('witness', p.stage === 'match' ? p.done / 3 : 0.34 + (0.66 * p.done) / p.total)),
      )
    } catch (e) {
      const err = e as { name?: string; distance?: number; threshold?: number }
      if (err?.name !== 'IrisNoMatchError') throw e
      progress.finish(false)
      byId('match').textContent = `Hamming distance ${err.distance}/${config.codeBits} bits at the best rotation: above τ = ${err.threshold}`
      setStatus(`No match: this scan is not the enrolled iris (${err.distance} of ${config.codeBits} bits differ, τ = ${err.threshold}). No proof exists, so nothing was sent`, 'no-match')
      return
    }
    progress.time('witness', (times.witness = result.timings.witnessMs))
    progress.time('prove', (times.prove = result.timings.proveMs))
    byTestId('nullifier').textContent = fieldHex(result.nullifier)
    byId('match').textContent = `Hamming distance ${result.distance}/${config.codeBits} bits at rotation ${result.shift > 0 ? '+' : ''}${result.shift} (τ = ${config.threshold})`
    byId('bits-agree').textContent = `Float (ORT) code and the circuit's code agree on ${result.code.length - hamming(result.code, c.ort.bits)}/${result.code.length} bits (the circuit's bits are the proven ones).`

    progress.stage('submit', 0)
    t = performance.now()
    try {
      const sub = await chain.submit(result.proof, result.publicSignals)
      times.submit = performance.now() - t
      progress.time('submit', times.submit)
      progress.finish(true)
      byTestId('tx-hash').textContent = sub.transactionHash
      byTestId('gas-used').textContent = String(sub.gasUsed)
      const ev = sub.event
      byId('event').textContent = `Verified(scope ${ev.scope}, nullifier ${shortHex(ev.nullifier)}, message ${shortHex(`0x${ev.message.toString(16).padStart(40, '0')}`, 4)}, root ${shortHex(ev.root)})`
      setStatus(`Verified on chain: a unique enrolled person, scope ${scope}, without revealing which one`, 'verified')
    } catch (e) {
      times.submit = performance.now() - t
      progress.finish(false)
      if (e instanceof VerifierCallRevertedError && e.errorName === 'NullifierUsed') {
        setStatus(`Refused by the registry: this identity already proved in scope ${scope} (NullifierUsed)`, 'nullifier-used')
        return
      }
      throw e
    } finally {
      const warm = result.warm ? 'warm' : 'cold'
      byTestId('timings').textContent = Object.entries(times).map(([k, v]) => `${k} ${fmtMs(v)}${k === 'prove' ? ` (${warm})` : ''}`).join(' · ')
      Object.assign(byTestId('timings').dataset, { proveMs: String(Math.round(times.prove!)), warm: String(result.warm), downloadedBytes: String(loaded.bytes) })
    }
  }

  return {
    /** Restores this registry's identity from IndexedDB (if its leaf is still in the registry). */
    async restore() {
      const stored = await loadIdentity(key)
      if (stored) {
        const { leaves } = await chain.registry()
        if (leaves.includes(stored.leaf)) identity = stored
        else await deleteIdentity(key)
      }
      seedInput.value = identity?.seed ?? `id-${randomSeed(4)}`
      watch()
      showIdentity()
      setStatus(identity ? `Identity "${identity.seed}" restored from this device` : 'Ready: pick an identity seed, scan, enroll', 'ready')
    },
    newSeed: () => {
      seedInput.value = `id-${randomSeed(4)}`
    },
    scan: async (impostor: boolean) => {
      await scan(impostor)
      setStatus(impostor ? 'Scanned someone else’s iris (an impostor)' : 'Scanned your iris', 'scanned')
    },
    enroll,
    prove,
    messageOf,
  }
}
