import type { Target } from './parse-target.js'
import type { DataSpec } from '../model/spec-model.js'
import { renderTemplate } from './render-template.js'
import type { JsonObject } from './types.js'

export interface Page { count: number; next: string | null; previous: string | null; results: JsonObject[] }
export type DataResult = { page: Page } | { item: JsonObject } | { notFound: true }

/**
 * Reads fixture data for an operation: filters (`where`, `whereIn`), then one
 * item by `key`, or a page. Paging follows DRF's PageNumberPagination: 1-based
 * page numbers, absolute `next`/`previous` links built from the request URL.
 *
 * @example selectData(op.data, { query: { page: '2', limit: '10' } }, parseTarget('http://h/api/v1/stocks/?page=2&limit=10'))
 */
export function selectData(data: DataSpec, context: { query: Readonly<Record<string, string>> }, url: Target): DataResult {
  let items: readonly JsonObject[] = data.items
  for (const [field, template] of data.where) {
    const wanted = renderTemplate(template, context)
    if (wanted === undefined || wanted === '') continue
    items = items.filter((item) => String(item[field]) === String(wanted))
  }
  for (const [field, template] of data.whereIn) {
    const wanted = renderTemplate(template, context)
    if (typeof wanted !== 'string' || wanted === '') continue
    const set = new Set(wanted.split(',').map((s) => s.trim()))
    items = items.filter((item) => set.has(String(item[field])))
  }
  if (data.key) {
    const key = data.key
    const item = items.find((i) => key.every(([field, template]) => String(i[field]) === String(renderTemplate(template, context))))
    return item ? { item } : { notFound: true }
  }
  if (!data.page) return { page: { count: items.length, next: null, previous: null, results: [...items] } }
  const { numberParam, sizeParam, defaultSize, maxSize } = data.page
  // The engine's query: a repeated parameter already holds its last value, as Django's QueryDict reads it.
  const size = Math.min(positiveInt(context.query[sizeParam]) ?? defaultSize, maxSize)
  const number = positiveInt(context.query[numberParam]) ?? 1
  const start = (number - 1) * size
  const link = (n: number): string => {
    const target = new URL(url.href)
    target.searchParams.set(numberParam, String(n))
    return target.href
  }
  return {
    page: {
      count: items.length,
      next: start + size < items.length ? link(number + 1) : null,
      previous: number > 1 ? link(number - 1) : null,
      results: items.slice(start, start + size),
    },
  }
}

function positiveInt(text: string | undefined): number | undefined {
  const n = Number(text)
  return text !== undefined && Number.isInteger(n) && n > 0 ? n : undefined
}
