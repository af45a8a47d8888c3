// From raw figures to the table: medians over repetitions, ratios to the reference from the
// same run, and the targets.
import { LABELS, SUBJECTS } from './subjects.mjs'

export function median(values) {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b)
  if (sorted.length === 0) return null
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

export function p99(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]
}

const MiB = 1024 * 1024

/**
 * The rows of the table: what each measure is, how to read one subject's value out of the raw
 * figures (a list, one per repetition, whose median is reported), and the target if any.
 * A target compares ours with the reference (`ratio`), with the hyper floor (`floorRatio`), or
 * stands alone (`value`). Labels give the counts of the plan that was run.
 */
export function rows(plan) {
  const count = (n) => n.toLocaleString('en-US')
  const load = `${plan.connections} conns, ${plan.loadSeconds} s`
  return [
    { id: 'createMedianMs', label: `(1) create + shutdown, median of ${count(plan.createShutdownCount)}`, unit: 'ms', pick: (r) => r.createShutdown?.map((x) => x.medianMs), target: { ratio: { max: 1 }, text: '≤ 1.0x ref' } },
    { id: 'createP99Ms', label: '(1) create + shutdown, p99', unit: 'ms', pick: (r) => r.createShutdown?.map((x) => x.p99Ms) },
    { id: 'createNewPactMedianMs', label: '(1) create + shutdown of a new pact (ours parses it, ref builds it), median', unit: 'ms', pick: (r) => r.createShutdownNewPact?.map((x) => x.medianMs) },
    { id: 'getRps', label: `(2) GET small JSON, ${load}: throughput`, unit: 'req/s', pick: (r) => r.get?.map((x) => x.rps), target: { ratio: { min: 1.5 }, floorRatio: { min: 0.8 }, text: '≥ 1.5x ref, ≥ 0.8x hyper' } },
    { id: 'getP50Ms', label: '(2) GET latency p50', unit: 'ms', pick: (r) => r.get?.map((x) => x.p50Ms) },
    { id: 'getP99Ms', label: '(2) GET latency p99', unit: 'ms', pick: (r) => r.get?.map((x) => x.p99Ms) },
    { id: 'postRps', label: `(3) POST 100 KB JSON, type matchers, ${load}: throughput`, unit: 'req/s', pick: (r) => r.post?.map((x) => x.rps), target: { ratio: { min: 2 }, text: '≥ 2x ref' } },
    { id: 'postP50Ms', label: '(3) POST latency p50 under load', unit: 'ms', pick: (r) => r.post?.map((x) => x.p50Ms) },
    { id: 'postAloneMs', label: '(3) POST one request alone, median', unit: 'ms', pick: (r) => r.postAlone?.map((x) => x.medianMs) },
    { id: 'idleRssMiB', label: `(4) RSS with ${count(plan.idleServers)} idle servers`, unit: 'MiB', pick: (r) => r.idle?.map((x) => x.rssAfter / MiB) },
    { id: 'idlePerServerKiB', label: '(4) RSS per idle server', unit: 'KiB', pick: (r) => r.idle?.map((x) => (x.rssAfter - x.rssBefore) / x.count / 1024) },
    { id: 'growthMiB', label: `(4) RSS growth over ${count(plan.memoryRequests)} matched GETs, per million`, unit: 'MiB', pick: (r) => r.growth && [r.growth.growthPerMillionMiB], target: { value: { max: 10 }, text: '< 10 MiB' } },
    { id: 'matchedMs', label: '(4) matched() after them', unit: 'ms', pick: (r) => r.growth?.matchedMs && [median(r.growth.matchedMs)], target: { value: { max: 5 }, text: '< 5 ms' } },
    { id: 'mismatchesMs', label: '(4) mismatches() after them', unit: 'ms', pick: (r) => r.growth?.mismatchesMs && [median(r.growth.mismatchesMs)] },
    { id: 'mainThreadMsPer10k', label: '(5) main-thread CPU per 10,000 matched GETs', unit: 'ms', pick: (r) => r.get?.map((x) => x.mainThreadMsPer10k), target: { value: { max: 5 }, text: 'near 0 (< 5 ms)' } },
    { id: 'eventLoopPercent', label: '(5) event-loop utilisation under GET load', unit: '%', pick: (r) => r.get?.map((x) => (x.eventLoopUtilization === null ? null : x.eventLoopUtilization * 100)) },
    { id: 'processMsPer10k', label: 'CPU of the whole server process per 10,000 GETs', unit: 'ms', pick: (r) => r.get?.map((x) => x.processMsPer10k) },
  ]
}

function check(bound, value) {
  if (value === null || value === undefined) return null
  return (bound.min === undefined || value >= bound.min) && (bound.max === undefined || value <= bound.max)
}

/** Medians, ratios and target verdicts of every row. */
export function summarize(raw, plan) {
  return rows(plan).map((row) => {
    const values = {}
    for (const subject of SUBJECTS) values[subject] = raw[subject] ? median(row.pick(raw[subject]) ?? []) : null
    const ratio = values.ours !== null && values.reference ? values.ours / values.reference : null
    const floorRatio = values.ours !== null && values.hyper ? values.ours / values.hyper : null
    let met = null
    if (row.target) {
      const verdicts = []
      if (row.target.ratio) verdicts.push(check(row.target.ratio, ratio))
      if (row.target.floorRatio) verdicts.push(check(row.target.floorRatio, floorRatio))
      if (row.target.value) verdicts.push(check(row.target.value, values.ours))
      met = verdicts.includes(null) ? null : verdicts.every(Boolean)
    }
    return { id: row.id, label: row.label, unit: row.unit, values, ratio, floorRatio, target: row.target?.text ?? null, met }
  })
}

function format(value) {
  if (value === null || value === undefined) return '—'
  const magnitude = Math.abs(value)
  if (magnitude >= 1000) return Math.round(value).toLocaleString('en-US')
  if (magnitude >= 100) return value.toFixed(0)
  if (magnitude >= 10) return value.toFixed(1)
  if (magnitude >= 1) return value.toFixed(2)
  return value.toFixed(3)
}

/** The table in Markdown (also what the console shows). */
export function markdownTable(summary, { withTargets }) {
  const header = ['measure', 'unit', ...SUBJECTS.map((s) => LABELS[s]), 'ours ÷ ref', 'ours ÷ hyper']
  if (withTargets) header.push('target', 'met')
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`]
  for (const row of summary) {
    const cells = [row.label, row.unit, ...SUBJECTS.map((s) => format(row.values[s]))]
    cells.push(row.ratio === null ? '—' : `${row.ratio.toFixed(2)}x`, row.floorRatio === null ? '—' : `${row.floorRatio.toFixed(2)}x`)
    if (withTargets) cells.push(row.target ?? '', row.met === null ? (row.target ? '?' : '') : row.met ? 'yes' : '**no**')
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}
