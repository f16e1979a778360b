/**
 * The captcha page in headless Chromium, driven with real pointer events (page.mouse) against the
 * real chain that `serve.ts` starts: a scripted movement is proved "not human" and its claim is
 * refused by the gate (NotHuman); a human-like movement's proof is cancelled once (AbortError),
 * then proved "human" and claims; a second claim in the same epoch is refused (AlreadyClaimed).
 * And no request of the page or its workers carried the movement or its features: bodies go only
 * to /rpc, and the one transaction that carries data from the proof holds the proof and its two
 * public signals (score, message) and nothing else.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import { decodeFunctionData, parseTransaction, type Abi, type Hex } from 'viem'
import { PAD } from './pad.js'
import { humanTrajectory, type Trajectory } from './trajectories.js'
import type { CaptchaConfig } from './page/config.js'

type Recorded = { url: string; method: string; body: Buffer | null }

function recordRequests(context: BrowserContext): Recorded[] {
  const list: Recorded[] = []
  context.on('request', (r) => list.push({ url: r.url(), method: r.method(), body: r.postDataBuffer() }))
  return list
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Moves the real mouse along `points` (pad coordinates) with their timing, then clicks the last one. */
async function drive(page: Page, points: Trajectory): Promise<void> {
  const box = (await page.getByTestId('pad').boundingBox())!
  await page.mouse.move(box.x + points[0]!.x, box.y + points[0]!.y)
  for (let i = 1; i < points.length; i++) {
    await sleep(points[i]!.t - points[i - 1]!.t)
    await page.mouse.move(box.x + points[i]!.x, box.y + points[i]!.y)
  }
  await page.mouse.down()
  await page.mouse.up()
}

/** What automation does: jump to the ●, one straight `page.mouse.move` with steps to the ★, click. */
async function driveScripted(page: Page): Promise<void> {
  const box = (await page.getByTestId('pad').boundingBox())!
  await page.mouse.move(box.x + PAD.start.x, box.y + PAD.start.y)
  await page.mouse.move(box.x + PAD.target.x, box.y + PAD.target.y, { steps: 30 })
  await page.mouse.down()
  await page.mouse.up()
}

const state = (page: Page) => page.locator('body')
async function proveAndWait(page: Page): Promise<number[]> {
  await page.getByTestId('prove').click()
  await expect(state(page)).toHaveAttribute('data-state', 'proved', { timeout: 120_000 })
  return page.evaluate(() => window.captchaTestHook!.features!)
}

/** Decimal renderings of a value as code might serialise it. */
const renderings = (v: number) => [...new Set([String(v), String(Math.fround(v)), ...[3, 4, 5, 6, 7].map((p) => v.toFixed(p)), ...[4, 6, 8].map((p) => v.toPrecision(p))])]

/** Fingerprints of private data: runs of three consecutive coordinates, and each feature value (non-trivial ones). */
function fingerprints(trajectories: Trajectory[], features: number[][]): string[] {
  const prints = new Set<string>()
  for (const t of trajectories)
    for (let i = 0; i + 2 < t.length; i++)
      for (const axis of ['x', 'y'] as const) {
        const run = [t[i]![axis], t[i + 1]![axis], t[i + 2]![axis]]
        prints.add(run.map((v) => Math.round(v)).join(','))
        prints.add(run.map((v) => v.toFixed(1)).join(','))
      }
  for (const f of features) for (const v of f) if (v > 0.001 && v < 0.999) for (const r of renderings(v)) if (r.length >= 6) prints.add(r)
  return [...prints]
}
const leaks = (text: string, prints: string[]) => prints.filter((p) => text.includes(p))

/** The JSON-RPC methods the page's viem clients use (reads, fee and nonce lookups, the signed claim). */
const RPC_METHODS = ['eth_chainId', 'eth_call', 'eth_estimateGas', 'eth_fillTransaction', 'eth_getTransactionCount', 'eth_gasPrice', 'eth_maxPriorityFeePerGas', 'eth_feeHistory', 'eth_getBlockByNumber', 'eth_blockNumber', 'eth_sendRawTransaction', 'eth_getTransactionReceipt', 'eth_getTransactionByHash']

test('a scripted movement is refused, a human-like one claims once; cancel works; the movement never leaves the page', async ({ page, context, request }) => {
  const requests = recordRequests(context)
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`))
  const config = (await (await request.get('/config.json')).json()) as CaptchaConfig
  await page.goto('/')
  await expect(state(page)).toHaveAttribute('data-ready', 'true', { timeout: 120_000 })
  const features: number[][] = []
  const human = humanTrajectory({ seed: 20_251 })

  await test.step('scripted movement: proved "not human", the claim is refused (NotHuman)', async () => {
    await driveScripted(page)
    await expect(state(page)).toHaveAttribute('data-state', 'recorded')
    features.push(await proveAndWait(page))
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-human', 'false')
    console.log(`scripted: ${await page.getByTestId('verdict').textContent()}`)
    await page.getByTestId('claim').click()
    await expect(state(page)).toHaveAttribute('data-state', 'refused')
    await expect(page.getByTestId('status')).toContainText('NotHuman')
    await expect(page.getByTestId('balance')).toHaveText(`0 ${config.symbol}`)
  })

  await test.step('human-like movement: a proof cancelled (AbortError), then proved "human"', async () => {
    await page.getByTestId('reset').click()
    await drive(page, human)
    await expect(state(page)).toHaveAttribute('data-state', 'recorded')
    await page.getByTestId('prove').click()
    await page.getByTestId('cancel').click()
    await expect(state(page)).toHaveAttribute('data-state', 'cancelled')
    await expect(page.getByTestId('status')).toContainText('cancelled during')
    features.push(await proveAndWait(page))
    await expect(page.getByTestId('verdict')).toHaveAttribute('data-human', 'true')
    console.log(`human-like: ${await page.getByTestId('verdict').textContent()}`)
    expect(await page.getByTestId('progress').evaluate((e) => (e as HTMLProgressElement).value)).toBe(1)
  })

  await test.step('the human proof claims; a second claim in the same epoch is refused (AlreadyClaimed)', async () => {
    await page.getByTestId('claim').click()
    await expect(state(page)).toHaveAttribute('data-state', 'claimed')
    await expect(page.getByTestId('balance')).toHaveText(`${config.drip} ${config.symbol}`)
    features.push(await proveAndWait(page))
    await page.getByTestId('claim').click()
    await expect(state(page)).toHaveAttribute('data-state', 'refused')
    await expect(page.getByTestId('status')).toContainText('AlreadyClaimed')
    await expect(page.getByTestId('balance')).toHaveText(`${config.drip} ${config.symbol}`)
  })

  await test.step('no request carried the movement or its features', async () => {
    const prints = fingerprints([human], features)
    expect(prints.length).toBeGreaterThan(100)
    // The check can fail: a planted leak is found.
    expect(leaks(JSON.stringify({ xs: human.map((p) => Math.round(p.x)) }), prints)).not.toEqual([])
    expect(leaks(JSON.stringify(features[1]), prints)).not.toEqual([])

    let claims = 0
    for (const r of requests) {
      const texts = [decodeURIComponent(r.url), ...(r.body?.length ? [r.body.toString('latin1')] : [])]
      for (const text of texts) expect(leaks(text, prints), `${r.method} ${r.url}`).toEqual([])
      if (!r.url.startsWith('blob:') && !r.url.startsWith('data:')) expect(new URL(r.url).origin).toBe(new URL(page.url()).origin)
      if (!r.body?.length) continue
      // Bodies go to the chain's RPC only, and the only data from the proof is the claim's calldata.
      expect(new URL(r.url).pathname).toBe('/rpc')
      const calls = [JSON.parse(r.body.toString('utf8'))].flat() as { method: string; params: unknown[] }[]
      for (const call of calls) {
        expect(RPC_METHODS).toContain(call.method)
        const first = call.params?.[0] as { data?: Hex; input?: Hex } | Hex | undefined
        const data = call.method === 'eth_sendRawTransaction' ? parseTransaction(first as Hex).data : typeof first === 'object' && first ? (first.data ?? first.input) : undefined
        if (!data) continue
        const fn = decodeFunctionData({ abi: [...config.gateAbi, ...config.tokenAbi] as Abi, data })
        expect(['messageFor', 'claim', 'balanceOf']).toContain(fn.functionName)
        if (fn.functionName !== 'claim') continue
        const signals = fn.args![3] as bigint[]
        expect(signals).toHaveLength(2) // the score and the message: nothing else leaves the page
        expect(signals[1]! & ((1n << 160n) - 1n)).toBe(BigInt(config.account.address))
        if (call.method === 'eth_sendRawTransaction') claims++
      }
    }
    // The claim that succeeded was sent (the refused ones were stopped by the simulation).
    expect(claims).toBe(1)
    // The workers' traffic is in the recording, so the check covered it.
    expect(requests.some((r) => r.url.endsWith('/artifacts/human/circuit.zkey'))).toBe(true)
    expect(requests.some((r) => /ort-wasm[^/]*\.wasm/.test(r.url))).toBe(true)
  })
})
