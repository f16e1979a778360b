/**
 * The identity dApp end to end, through its UI, against the chain `scripts/start.ts` started:
 * Prove disabled until enrolled → enroll at the station → (reload: identity restored from
 * IndexedDB) → prove → verified on chain; the same scope again → "already verified" from the
 * nullifier check, before any proof (and the previous result cleared); the scope field refuses
 * `abc` and an empty value; another scope → verified (warm); an impostor → no-match, nothing sent;
 * the page's proof replayed directly to the contract with a wrong root, tampered, or from another
 * account (front-running) → named reverts; no request of the page or its workers carried the
 * captures, template, salt or secret; the enrollment station refuses the same iris again (another
 * capture, another secret) and accepts a different one.
 */
import { test, expect } from '@playwright/test'
import { type Address, type Hex, createPublicClient, createWalletClient, decodeFunctionData, http, parseEventLogs } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { identityLeaf, identityNullifier, irisCode, irisRegistryAbi, matchCodes } from '../../src/identity/index.js'
import type { DemoConfig } from '../../demo/src/config.js'
import { scanIris } from '../../demo/src/scan.js'
import { storeKey } from '../../demo/src/store.js'
import { findFingerprints, privateFingerprints } from '../../demo/src/netlog/fingerprints.js'
import { act, decoded, openDemo, readStoredIdentity, recordRequests, revertName, type StoredRecord } from './helpers.js'

type ScanRecord = { seed: string; identitySeed: string; impostor: boolean; enrollment: boolean }

test('enroll → prove → verified; same scope → already verified (no proof); scope validation; impostor → no-match; named reverts; nothing private sent; station dedup', async ({ page, context, request, baseURL }) => {
  const requests = recordRequests(context)
  const config = (await (await request.get('/config.json')).json()) as DemoConfig
  const client = createPublicClient({ transport: http(new URL(config.rpcUrl, baseURL).href) })
  const registry = config.registry
  const key = storeKey(config.chainId, registry)
  const scans: ScanRecord[] = []
  const lastScan = async (): Promise<ScanRecord> => {
    const data = await page.getByTestId('scan-seed').evaluate((el) => ({ ...(el as HTMLElement).dataset }))
    const s = { seed: data.seed!, identitySeed: data.identitySeed!, impostor: data.impostor === 'true', enrollment: data.enrollment === 'true' }
    if (!scans.some((x) => x.seed === s.seed)) scans.push(s)
    return s
  }
  const identitySeed = 'playwright-alice'
  let stored: StoredRecord
  let txHash: Hex
  let nullifier: bigint
  let reloadedAt = 0

  const stationCount = async () => Number(await page.getByTestId('station-count').textContent())
  const sentSince = (from: number) => requests.filter((r) => r.at >= from && r.body?.toString('utf8').includes('eth_sendRawTransaction'))

  await test.step('enroll at the station: Prove disabled before; scan, on-device code (ORT), leaf on chain, secrets in IndexedDB', async () => {
    await openDemo(page)
    await expect(page.getByTestId('prove')).toBeDisabled()
    await expect(page.getByTestId('prove-hint')).toHaveText(/Enroll first/)
    expect(await stationCount()).toBe(0)
    await page.getByTestId('identity-seed').fill(identitySeed)
    expect(await act(page, 'capture')).toMatch(/— scanned$/)
    await expect(page.getByTestId('backend')).toHaveText(/^(wasm|webgpu)/)
    await expect(page.locator('#code-agree')).toHaveText(/agree on \d+\/512 bits/)
    expect(await lastScan()).toMatchObject({ enrollment: true, impostor: false })
    expect(await act(page, 'enroll')).toMatch(/— enrolled$/)
    await expect(page.getByTestId('prove')).toBeEnabled()
    expect(await stationCount()).toBe(1)
    await expect(page.getByTestId('station-decision')).toHaveText(/^enrolled leaf #0/)
    stored = (await readStoredIdentity(page, key))!
    expect(stored.seed).toBe(identitySeed)
    expect(stored.template).toHaveLength(512)
    const leaf = identityLeaf({ template: Uint8Array.from(stored.template), salt: BigInt(stored.salt), secret: BigInt(stored.secret) })
    expect(BigInt(stored.leaf)).toBe(leaf)
    expect(await client.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'has', args: [leaf] })).toBe(true)
  })

  await test.step('reload: the identity comes back from IndexedDB; prove → verified on chain', async () => {
    reloadedAt = Date.now()
    await page.reload()
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 })
    await expect(page.getByTestId('status')).toHaveText(/restored/)
    const t0 = Date.now()
    expect(await act(page, 'prove')).toMatch(/— verified$/)
    const wall = Date.now() - t0
    await lastScan()
    await expect(page.getByTestId('progress')).toHaveAttribute('data-stages', 'download,inference,witness,prove,submit')
    const timings = await page.getByTestId('timings').evaluate((el) => ({ ...(el as HTMLElement).dataset, text: el.textContent ?? '' }) as Record<string, string>)
    console.log(`cold: click → verified ${wall} ms; ${timings.text}`)
    expect(timings.warm).toBe('false')

    txHash = (await page.getByTestId('tx-hash').textContent()) as Hex
    nullifier = BigInt((await page.getByTestId('nullifier').textContent())!)
    const receipt = await client.getTransactionReceipt({ hash: txHash })
    expect(receipt.status).toBe('success')
    expect(String(receipt.gasUsed)).toBe(await page.getByTestId('gas-used').textContent())
    expect(receipt.gasUsed).toBeLessThan(300_000n)
    const [event] = parseEventLogs({ abi: irisRegistryAbi, logs: receipt.logs, eventName: 'Verified' })
    expect(event!.args).toMatchObject({ scope: 1n, nullifier, message: BigInt(config.holder.address) })
    expect(event!.args.root).toBe(await client.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'root' }))
    expect(nullifier).toBe(identityNullifier({ scope: 1n, secret: BigInt(stored.secret) }))
    expect(await client.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'nullifierUsed', args: [1n, nullifier] })).toBe(true)
  })

  await test.step('the same scope again → "already verified" from the on-chain nullifier check: no proof, nothing sent, previous result cleared', async () => {
    const before = await page.getByTestId('scan-seed').getAttribute('data-seed')
    const t0 = Date.now()
    const status = await act(page, 'prove')
    const ms = Date.now() - t0
    console.log(`same scope: click → already verified ${ms} ms`)
    expect(status).toMatch(/Already verified in this scope \(1\).*— already-verified$/)
    expect(ms).toBeLessThan(10_000) // no 4 s proof; generous for a loaded machine
    expect(sentSince(t0)).toEqual([])
    // No scan, no proving stage; the last attempt's transaction and timings are gone.
    expect(await page.getByTestId('scan-seed').getAttribute('data-seed')).toBe(before)
    await expect(page.getByTestId('progress')).not.toHaveAttribute('data-stages', /.+/)
    await expect(page.getByTestId('tx-hash')).toHaveText('—')
    await expect(page.getByTestId('gas-used')).toHaveText('—')
    await expect(page.getByTestId('timings')).toHaveText('—')
    expect(BigInt((await page.getByTestId('nullifier').textContent())!)).toBe(nullifier)
  })

  await test.step('the scope field: "abc" and an empty scope are refused with a reason, Prove stays disabled', async () => {
    const scope = page.getByTestId('scope')
    const prove = page.getByTestId('prove')
    await scope.fill('abc')
    await expect(prove).toBeDisabled()
    await expect(page.getByTestId('prove-hint')).toHaveText(/scope: expected a whole number .*"abc"/)
    await expect(scope).toHaveAttribute('aria-invalid', 'true')
    await scope.fill('')
    await expect(prove).toBeDisabled()
    await expect(page.getByTestId('prove-hint')).toHaveText(/scope: it is empty/)
    await scope.fill('1e3')
    await expect(prove).toBeDisabled()
    await scope.fill('2')
    await expect(prove).toBeEnabled()
    await expect(page.getByTestId('prove-hint')).toHaveText('')
  })

  await test.step('another scope → verified, with warm keys', async () => {
    const t0 = Date.now()
    expect(await act(page, 'prove')).toMatch(/scope 2.*— verified$/)
    await lastScan()
    const timings = await page.getByTestId('timings').evaluate((el) => ({ ...(el as HTMLElement).dataset, text: el.textContent ?? '' }) as Record<string, string>)
    console.log(`warm: click → verified ${Date.now() - t0} ms; ${timings.text}`)
    expect(timings.warm).toBe('true')
    expect(timings.downloadedBytes).toBe('0')
    const n2 = BigInt((await page.getByTestId('nullifier').textContent())!)
    expect(n2).toBe(identityNullifier({ scope: 2n, secret: BigInt(stored.secret) }))
    expect(n2).not.toBe(nullifier) // unlinkable across scopes
  })

  await test.step('an impostor → no-match: no proof, nothing sent', async () => {
    await page.getByTestId('scope').fill('3')
    expect(await act(page, 'impostor-capture')).toMatch(/— scanned$/)
    expect(await lastScan()).toMatchObject({ impostor: true })
    const from = Date.now()
    const status = await act(page, 'prove')
    expect(status).toMatch(/— no-match$/)
    expect(status).toMatch(/nothing was sent/)
    const sent = requests.filter((r) => r.at >= from && r.body?.toString('utf8').includes('eth_sendRawTransaction'))
    expect(sent).toEqual([])
  })

  await test.step('the page’s proof sent directly to the contract: wrong root, tampered, another sender → named reverts', async () => {
    const tx = await client.getTransaction({ hash: txHash })
    expect(tx.from.toLowerCase()).toBe(config.holder.address.toLowerCase())
    const { args } = decodeFunctionData({ abi: irisRegistryAbi, data: tx.input })
    const [proof, root, n, scope, message] = args as unknown as [readonly bigint[], bigint, bigint, bigint, bigint]
    expect(message).toBe(BigInt(config.holder.address)) // the page proved for the account that submitted
    const before = tx.blockNumber! - 1n // the state before the page spent the nullifier
    const outsider = mnemonicToAccount('test test test test test test test test test test test junk', { addressIndex: 2 })
    const call = (a: readonly unknown[], blockNumber?: bigint, account: Address = config.holder.address) =>
      client.simulateContract({ address: registry, abi: irisRegistryAbi, functionName: 'verifyPersonhood', args: a as never, account, gas: 1_000_000n, blockNumber })
    const tampered = [...proof.slice(0, 6), proof[0]!, proof[1]!] // C := A
    expect(await revertName(call([proof, root, n, scope, message], before))).toBe('no revert') // the untouched proof was valid
    expect(await revertName(call([proof, root, n, scope, message]))).toBe('NullifierUsed')
    expect(await revertName(call([proof, root + 1n, n, scope, message]))).toBe('UnknownRoot')
    expect(await revertName(call([tampered, root, n, scope, message], before))).toBe('InvalidProof')
    expect(await revertName(call([proof, root, n, 77n, message]))).toBe('InvalidProof')
    // Front-running: before the page's transaction, another account copies its calldata → refused;
    // rewriting the message to its own address breaks the proof.
    expect(await revertName(call([proof, root, n, scope, message], before, outsider.address))).toBe('MessageNotSender')
    expect(await revertName(call([proof, root, n, scope, BigInt(outsider.address)], before, outsider.address))).toBe('InvalidProof')
    expect(await revertName(call([proof, root, n, scope, message + 1n], before))).toBe('MessageNotSender')

    // One real transaction: the page's exact calldata sent by the outsider is mined and reverts.
    const wallet = createWalletClient({ account: outsider, transport: http(new URL(config.rpcUrl, baseURL).href) })
    const hash = await wallet.writeContract({ address: registry as Address, abi: irisRegistryAbi, functionName: 'verifyPersonhood', args: [proof, root, n, scope, message] as never, gas: 1_000_000n, chain: null })
    const receipt = await client.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('reverted')
    expect(await revertName(call([proof, root, n, scope, message], receipt.blockNumber - 1n, outsider.address))).toBe('MessageNotSender')
  })

  await test.step('no request carried the captures, template, salt or secret', async () => {
    stored = (await readStoredIdentity(page, key))!
    const template = Uint8Array.from(stored.template)
    const captures = scans.map((s) => scanIris({ identitySeed: s.identitySeed, scanSeed: s.seed, impostor: s.impostor, enrollment: s.enrollment }).strip)
    expect(scans.map((s) => `${s.impostor ? 'impostor' : 'own'}${s.enrollment ? '/enrollment' : ''}`)).toEqual(['own/enrollment', 'own', 'own', 'impostor'])
    // The rebuilt scans are the page's: the enrollment scan's code is the stored template, and the
    // impostor's distance is the one the page showed.
    expect(Array.from(irisCode({ strip: captures[0]! }))).toEqual(stored.template)
    const shown = Number(/Hamming distance (\d+)\//.exec((await page.locator('#match').textContent())!)![1])
    expect(matchCodes({ code: irisCode({ strip: captures[3]! }), template }).distance).toBe(shown)

    const prints = privateFingerprints({ captures, template, salt: BigInt(stored.salt), secret: BigInt(stored.secret) })
    expect(prints.length).toBeGreaterThan(60)
    // The check can fail: planted leaks are found.
    expect(findFingerprints(`{"data":"0xabcdef${BigInt(stored.salt).toString(16).padStart(64, '0')}"}`, prints)).toContain('salt (hex, 32-byte word)')
    expect(findFingerprints(Buffer.from(captures[2]!).toString('hex'), prints).length).toBeGreaterThan(0)
    expect(findFingerprints(JSON.stringify(stored.secret), prints).length).toBeGreaterThan(0)

    console.log(`${requests.length} requests recorded (${requests.filter((r) => r.body?.length).length} with a body)`)
    for (const r of requests) {
      const texts = [decoded(r.url)]
      if (r.body?.length) texts.push(r.body.toString('latin1'), r.body.toString('hex'))
      for (const text of texts) expect(findFingerprints(text, prints), `${r.method} ${r.url}`).toEqual([])
      // Bodies go only to the chain's RPC; everything stays on the page's origin.
      if (r.body?.length) expect(new URL(r.url).pathname).toBe('/rpc')
      if (!r.url.startsWith('blob:') && !r.url.startsWith('data:')) expect(new URL(r.url).origin).toBe(new URL(baseURL!).origin)
    }
    // The workers' traffic is in the recording (so the check covers it).
    expect(requests.some((r) => r.url.endsWith('/artifacts/identity/circuit.zkey'))).toBe(true)
    expect(requests.some((r) => r.url.endsWith('/artifacts/identity/manifest.json'))).toBe(true)
    expect(requests.some((r) => /ort-wasm[^/]*\.wasm/.test(r.url))).toBe(true)

    // The page's own panel lists the same story.
    const summary = page.getByTestId('network-summary')
    await expect(summary).toHaveAttribute('data-leaks', '0')
    await expect(summary).toContainText('no biometric byte left the device')
    const log = page.getByTestId('network-log')
    await expect(log).toContainText('eth_sendRawTransaction: verifyPersonhood')
    await expect(log).toContainText('prover worker')
    await expect(log).toContainText('/artifacts/identity/circuit.zkey')
    await expect(log).toContainText('inference worker')
    // Every request the browser saw since the reload (page and workers) is listed in the panel.
    const listed = new Set(await page.locator('#network-rows tr td:nth-child(4)').allTextContents())
    const seen = requests.filter((r) => r.at >= reloadedAt && /^https?:/.test(r.url))
    expect(seen.length).toBeGreaterThan(50)
    expect(seen.filter((r) => !listed.has(new URL(r.url).pathname)).map((r) => r.url)).toEqual([])
  })
  await test.step('the enrollment station: the same iris again (another capture, another secret) is refused; a different iris is enrolled', async () => {
    const leavesBefore = await client.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'size' })
    let t0 = Date.now()
    const status = await act(page, 'enroll')
    expect(status).toMatch(/Refused by the enrollment station: this iris is already enrolled \((\d+) of 512 bits from enrolled code #0, τ = \d+\).*— already-enrolled$/)
    const again = await lastScan()
    expect(again).toMatchObject({ identitySeed, enrollment: true, impostor: false })
    expect(again.seed).not.toBe(scans[0]!.seed) // another capture of the same iris
    expect(sentSince(t0)).toEqual([])
    expect(await client.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'size' })).toBe(leavesBefore)
    expect(await stationCount()).toBe(1)
    await expect(page.getByTestId('station-decision')).toHaveText(/^refused: \d+ bits from enrolled code #0/)
    expect((await readStoredIdentity(page, key))!.leaf).toBe(stored.leaf) // the device keeps its identity

    await page.getByTestId('identity-seed').fill('playwright-bob')
    t0 = Date.now()
    expect(await act(page, 'enroll')).toMatch(/— enrolled$/)
    expect(await lastScan()).toMatchObject({ identitySeed: 'playwright-bob', enrollment: true })
    expect(sentSince(t0)).toHaveLength(1) // the station's enroll transaction, carrying the leaf
    expect(await stationCount()).toBe(2)
    const bob = (await readStoredIdentity(page, key))!
    expect(bob.seed).toBe('playwright-bob')
    expect(BigInt(bob.leaf)).toBe(identityLeaf({ template: Uint8Array.from(bob.template), salt: BigInt(bob.salt), secret: BigInt(bob.secret) }))
    expect(await client.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'has', args: [BigInt(bob.leaf)] })).toBe(true)
    expect(await client.readContract({ address: registry, abi: irisRegistryAbi, functionName: 'size' })).toBe(leavesBefore + 1n)
  })
})
