/**
 * The dApp's flows: scan, enroll (at the enrollment station), prove. Everything private to the
 * holder (verification captures, template, salt, secret) stays in this page, its workers and
 * IndexedDB; the station sees the enrollment capture (its own) and gets a salt and Poseidon(secret);
 * the chain sees the leaf at enrollment and the proof with its public signals (root, nullifier,
 * scope, message) when proving.
 */
import { VerifierCallRevertedError } from '@zkml/web/chain'
import { hamming, identityCommitment, identityLeaf, identityNullifier, irisCode, merkleProof, parseScope, randomFieldElement } from '@zkml/web/identity'
import type { DemoChain } from './chain.js'
import type { DemoConfig } from './config.js'
import type { Device, OrtCode } from './device.js'
import { drawCode, drawStrip } from './draw.js'
import type { createProgress } from './progress.js'
import { randomSeed, scanIris, type Scan } from './scan.js'
import type { DemoStation } from './station.js'
import { type StoredIdentity, identityStore, storeKey } from './store.js'
import { byId, byTestId, fieldHex, fmtMs, setStatus, shortHex } from './ui.js'
import type { PrivateValues } from './netlog/fingerprints.js'

/** What the app needs from its surroundings. */
export type AppContext = {
  config: DemoConfig
  chain: DemoChain
  station: DemoStation
  device: Device
  progress: ReturnType<typeof createProgress>
  /** Tells the network panel which private values to look for. */
  watch: (values: PrivateValues) => void
}

type CurrentScan = { scan: Scan; identitySeed: string; used: boolean; ort?: OrtCode | undefined }

/** An error's short message (typed errors carry one). */
const messageOf = (e: unknown) => String((e as { shortMessage?: string })?.shortMessage ?? (e as Error)?.message ?? e).split('\n')[0]!

/** The scope field's value, or why it cannot be used (`parseScope` from `@zkml/web/identity`). */
function readScope(text: string): { scope: bigint; error?: undefined } | { scope?: undefined; error: string } {
  try {
    return { scope: parseScope(text) }
  } catch (e) {
    return { error: messageOf(e) }
  }
}

/**
 * Creates the app's actions.
 *
 * @param ctx - {@link AppContext}
 */
export function createApp(ctx: AppContext) {
  const { config, chain, station, device, progress } = ctx
  const key = storeKey(config.chainId, config.registry)
  // The registry accepts a proof only from the account named in its message: prove for the submitter.
  const message = BigInt(chain.sender)
  const captures: Uint8Array[] = []
  let identity: StoredIdentity | undefined
  let current: CurrentScan | undefined

  const seedInput = byTestId<HTMLInputElement>('identity-seed')
  const scopeInput = byTestId<HTMLInputElement>('scope')
  const watch = () => ctx.watch({ captures, template: identity?.template, salt: identity?.salt, secret: identity?.secret })

  const showIdentity = () => {
    byId('identity-state').textContent = identity
      ? `Identity "${identity.seed}" enrolled as leaf #${identity.index} (${shortHex(identity.leaf)}). Template, salt and secret are in this browser's IndexedDB only.`
      : 'No identity on this device: enroll first.'
  }

  /** Shows a scan and its onnxruntime-web code (compared with the exact integer code). */
  const showScan = async (c: CurrentScan) => {
    const { scan } = c
    drawStrip(byId<HTMLCanvasElement>('strip'), scan.strip)
    byId('scan-caption').firstChild!.textContent =
      `${scan.impostor ? 'Someone else’s iris' : scan.enrollment ? 'Your iris (enrollment scan at the station, head aligned)' : 'Your iris'}: tilt ${scan.shift > 0 ? '+' : ''}${scan.shift} column, noise σ ${scan.noise.toFixed(1)}, eyelid ${(scan.occlusion * 100).toFixed(0)} %. `
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

  /**
   * Takes a new scan of the seed's iris, or of someone else's. Without an identity on the device a
   * scan of your own iris is an enrollment scan (the station aligns the head: no tilt).
   */
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

  /**
   * Enrollment at the station: the station takes its own scan, the device draws a fresh salt and
   * secret and hands over only the salt and Poseidon(secret); the station refuses an iris it has
   * already enrolled, else enrolls the leaf it computed and returns the template.
   */
  const enroll = async () => {
    const c = await freshScan({ forEnrollment: true })
    c.used = true
    const salt = randomFieldElement()
    const secret = randomFieldElement()
    setStatus(`Enrollment station: comparing this iris with the ${byTestId('station-count').textContent} codes it has enrolled…`, 'working')
    let res: Awaited<ReturnType<DemoStation['enroll']>>
    try {
      res = await station.enroll({ capture: c.scan.strip, salt, commitment: identityCommitment({ secret }) })
    } catch (e) {
      const err = e as { name?: string; distance?: number; threshold?: number; enrolledIndex?: number }
      if (err?.name !== 'DuplicateEnrollmentError') throw e
      setStatus(
        `Refused by the enrollment station: this iris is already enrolled (${err.distance} of ${config.codeBits} bits from enrolled code #${err.enrolledIndex}, τ = ${err.threshold}). A new secret does not make a new person; nothing was sent to the chain`,
        'already-enrolled',
      )
      return
    }
    // The leaf must commit to this device's salt and secret (a station cannot enroll something else in our name).
    if (identityLeaf({ template: res.template, salt, secret }) !== res.leaf) throw new Error('the station enrolled a leaf that does not commit to this device’s salt and secret')
    const replaced = identity
    identity = {
      key,
      seed: c.identitySeed,
      template: res.template,
      salt,
      secret,
      leaf: res.leaf,
      index: Number(res.index),
      transactionHash: res.transactionHash,
      enrolledAt: Date.now(),
    }
    await identityStore.put(identity)
    watch()
    showIdentity()
    setStatus(
      `Enrolled as leaf #${identity.index} (tx ${shortHex(res.transactionHash)}, gas ${res.gasUsed}); the station sent only the leaf to the chain${replaced ? ` (this device now holds "${identity.seed}" instead of "${replaced.seed}")` : ''}`,
      'enrolled',
    )
  }

  const clearResult = () => {
    for (const id of ['tx-hash', 'gas-used', 'nullifier', 'event', 'match', 'bits-agree', 'timings']) byId(id).textContent = '—'
    delete byTestId('timings').dataset.proveMs
    delete byTestId('timings').dataset.warm
    progress.reset()
  }

  const prove = async () => {
    clearResult()
    if (!identity) throw new Error('no identity on this device: enroll first')
    const id = identity
    const parsed = readScope(scopeInput.value)
    if (parsed.error !== undefined) {
      setStatus(parsed.error, 'invalid-scope')
      return
    }
    const { scope } = parsed

    // The nullifier is computed here; if the registry has it, a proof would be refused: do not make one.
    setStatus(`Checking whether this identity has already verified in scope ${scope}…`, 'working')
    const nullifier = identityNullifier({ scope, secret: id.secret })
    if (await chain.nullifierUsed(scope, nullifier)) {
      byTestId('nullifier').textContent = fieldHex(nullifier)
      setStatus(`Already verified in this scope (${scope}): the registry has this identity’s nullifier, so no proof was made and nothing was sent`, 'already-verified')
      return
    }

    const c = await freshScan({ forEnrollment: false })
    c.used = true
    const times: Record<string, number> = {}
    setStatus('Proving on this device…', 'working')

    progress.stage('download', 0)
    let t = performance.now()
    const [{ downloadedBytes }, registry] = await Promise.all([
      device.prover((p) => p.stage === 'download' && progress.stage('download', p.fraction)),
      chain.registry(),
    ])
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
        (p) => (p.stage === 'witness' || p.stage === 'prove') && progress.stage(p.stage, p.fraction),
      )
    } catch (e) {
      const err = e as { name?: string; distance?: number; threshold?: number }
      if (err?.name !== 'IrisNoMatchError') throw e
      progress.finish(false)
      byId('match').textContent = `Hamming distance ${err.distance}/${config.codeBits} bits at the best rotation: above τ = ${err.threshold}`
      setStatus(`No match: this scan is not the enrolled iris (${err.distance} of ${config.codeBits} bits differ, τ = ${err.threshold}). No proof exists, so nothing was sent`, 'no-match')
      return
    }
    const out = result.output
    progress.time('witness', (times.witness = result.timings.witness))
    progress.time('prove', (times.prove = result.timings.prove))
    byTestId('nullifier').textContent = fieldHex(out.nullifier)
    byId('match').textContent = `Hamming distance ${out.distance}/${config.codeBits} bits at rotation ${out.shift > 0 ? '+' : ''}${out.shift} (τ = ${config.threshold})`
    byId('bits-agree').textContent = `Float (ORT) code and the circuit's code agree on ${out.code.length - hamming(out.code, c.ort.bits)}/${out.code.length} bits (the circuit's bits are the proven ones).`

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
      // Spent between the check and the submission (another tab, another device with this identity).
      if (e instanceof VerifierCallRevertedError && e.errorName === 'NullifierUsed') {
        setStatus(`Refused by the registry: this identity already proved in scope ${scope} (NullifierUsed)`, 'nullifier-used')
        return
      }
      throw e
    } finally {
      const warm = result.warm ? 'warm' : 'cold'
      byTestId('timings').textContent = Object.entries(times).map(([k, v]) => `${k} ${fmtMs(v)}${k === 'prove' ? ` (${warm})` : ''}`).join(' · ')
      Object.assign(byTestId('timings').dataset, { proveMs: String(Math.round(times.prove!)), warm: String(result.warm), downloadedBytes: String(downloadedBytes) })
    }
  }

  return {
    /** Restores this registry's identity from IndexedDB (if its leaf is still in the registry) and the station's index. */
    async restore() {
      const stored = await identityStore.get(key)
      const { leaves } = await chain.registry()
      await station.restore(leaves)
      if (stored) {
        if (leaves.includes(stored.leaf)) identity = stored
        else await identityStore.delete(key)
      }
      seedInput.value = identity?.seed ?? `id-${randomSeed(4)}`
      watch()
      showIdentity()
      setStatus(identity ? `Identity "${identity.seed}" restored from this device` : 'Ready: pick an identity seed, scan, enroll at the station', 'ready')
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
    /** Whether Prove can run now, and if not why (shown beside the button). */
    proveReadiness(): { ready: boolean; reason: string } {
      if (!identity) return { ready: false, reason: 'Enroll first: there is no identity on this device.' }
      const parsed = readScope(scopeInput.value)
      if (parsed.error !== undefined) return { ready: false, reason: parsed.error }
      return { ready: true, reason: '' }
    },
    messageOf,
  }
}
