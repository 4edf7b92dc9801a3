/*
 * Search worker for Chinese, speaking Material for MkDocs' worker protocol
 * (SETUP → READY, QUERY → RESULT) so that Material's search box and result list are kept.
 *
 * Material's own worker cuts a Chinese query into words it already knows and drops the
 * rest (流动党员 → 流动*), so names are not found. Here every query term is matched whole,
 * as a substring of the plain text, ignoring spaces and punctuation between its
 * characters (先锋领航水惠民生 finds 先锋领航·水惠民生). Terms separated by spaces must all
 * occur in the same page. The index is written by generator/website/search.py: plain text,
 * one entry per page and per section; a page's `kind` (品牌 · 第二批 · its unit) is shown
 * under its title.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const GAP = "[\\s\\p{P}\\p{S}\\u200b]*"   // what may stand between the characters of a term
const TEASER = 160                          // characters of text shown around the first match

let articles = []                           // [{doc, sections: [doc]}], in index order

function normalize(text) {
  return text.normalize("NFKC").toLowerCase()
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c])
}

/* Material's own index (as `serve` writes it): HTML with U+200B between words. */
function plain(html) {
  const entities = {amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " "}
  return html.replace(/\u200b/g, "").replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, name) => name[0] === "#"
      ? String.fromCodePoint(parseInt(name.slice(1).replace(/^x/i, "0x")))
      : entities[name] ?? all)
    .replace(/\s+/g, " ").trim()
}

function setup(data) {
  const byPath = new Map()
  articles = []
  for (const doc of data.docs) {
    if (!data.plain) {
      doc.title = plain(doc.title)
      doc.text = plain(doc.text)
    }
    doc.find = normalize(doc.title + "\n" + doc.text)
    doc.findTitle = normalize(doc.title)
    doc.findTags = (doc.tags || []).map(normalize)
    const [path] = doc.location.split("#")
    const article = byPath.get(path)
    if (article && doc.location.includes("#")) {
      article.sections.push(doc)
    } else {
      const entry = {doc, sections: []}
      byPath.set(path, entry)
      articles.push(entry)
    }
  }
}

function termsOf(query) {
  return normalize(query)
    .split(/[\s\u3000]+/)
    .map(term => term.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, ""))
    .filter(term => term.length > 0)
}

function patternOf(term) {
  const chars = [...term].filter(c => !/[\s\p{P}\p{S}]/u.test(c))
  if (!chars.length)
    return null
  return new RegExp(chars.map(c => c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(GAP), "gu")
}

function count(pattern, text, limit) {
  pattern.lastIndex = 0
  let n = 0
  while (n < limit && pattern.exec(text) !== null)
    n++
  return n
}

/* How well one entry answers the terms: titles weigh most, an exact title most of all. */
function scoreOf(doc, patterns, terms, isArticle) {
  let score = 0
  const found = patterns.map(pattern => {
    const inTitle = count(pattern, doc.findTitle, 1)
    const inText = count(pattern, doc.find, 6) - inTitle
    score += inTitle * (isArticle ? 60 : 20) + Math.min(inText, 5)
    return inTitle + inText > 0
  })
  for (const term of terms)
    score += doc.findTags.includes(term) ? 100 : doc.findTags.some(tag => tag.includes(term)) ? 20 : 0
  const bare = doc.findTitle.replace(/[\s\p{P}\p{S}]/gu, "")
  const wanted = terms.join("").replace(/[\s\p{P}\p{S}]/gu, "")
  if (isArticle && bare === wanted)
    score += 200
  else if (isArticle && bare.startsWith(wanted))
    score += 80
  return {score: score * (doc.boost || 1), found}
}

function ranges(pattern, text) {
  const found = []
  pattern.lastIndex = 0
  let match
  while ((match = pattern.exec(text)) !== null) {
    if (match[0].length === 0) { pattern.lastIndex++; continue }
    found.push([match.index, match.index + match[0].length])
  }
  return found
}

/* Escaped text with <mark> around every match; long text is cut around the first one. */
function highlight(text, patterns, shorten) {
  const normalized = normalize(text)
  let marks = patterns.flatMap(p => ranges(p, normalized)).sort((a, b) => a[0] - b[0])
  let start = 0, end = text.length
  if (shorten && text.length > TEASER) {
    const first = marks.length ? marks[0][0] : 0
    start = Math.max(0, Math.min(first - 40, text.length - TEASER))
    end = Math.min(text.length, start + TEASER)
  }
  let html = start > 0 ? "…" : "", at = start
  for (const [from, to] of marks) {
    if (from < at || to > end)
      continue
    html += escapeHTML(text.slice(at, from)) + "<mark>" + escapeHTML(text.slice(from, to)) + "</mark>"
    at = to
  }
  html += escapeHTML(text.slice(at, end)) + (end < text.length ? "…" : "")
  return html
}

/* Tags go in a line under the title: Material's own tag list is an unnamed <nav> per result. */
function item(doc, score, patterns, termMap) {
  const kind = doc.kind ? `<span class="search-kind">${escapeHTML(doc.kind)}</span>` : ""
  const tags = doc.tags && doc.tags.length
    ? `<span class="search-kind search-tags">标签：${doc.tags.map(escapeHTML).join("、")}</span>` : ""
  return {
    location: doc.location,
    title: highlight(doc.title, patterns, false) + kind + tags,
    text: highlight(doc.text, patterns, true),
    score,
    terms: termMap
  }
}

function search(query) {
  const terms = termsOf(query)
  const patterns = terms.map(patternOf).filter(Boolean)
  if (!patterns.length)
    return {items: []}
  const groups = []
  for (const {doc, sections} of articles) {
    const head = scoreOf(doc, patterns, terms, true)
    const parts = sections.map(section => ({section, ...scoreOf(section, patterns, terms, false)}))
    const found = patterns.map((_, i) => head.found[i] || parts.some(p => p.found[i]))
    if (!found.every(Boolean))
      continue
    const termMap = Object.fromEntries(terms.map((term, i) => [term, true]))
    const hits = parts.filter(p => p.score > 0).sort((a, b) => b.score - a.score)
    const total = head.score + 0.3 * hits.reduce((sum, p) => sum + p.score, 0)
    groups.push({
      total,
      items: [
        item(doc, total, patterns, termMap),
        ...hits.map(p => item(p.section, p.score, patterns, termMap))
      ]
    })
  }
  groups.sort((a, b) => b.total - a.total)
  return {items: groups.map(group => group.items)}
}

if (typeof addEventListener === "function" && typeof window === "undefined") {
  addEventListener("message", event => {
    const message = event.data
    if (message.type === SETUP) {
      setup(message.data)
      postMessage({type: READY})
    } else if (message.type === QUERY) {
      let data
      try {
        data = search(message.data)
      } catch (err) {
        console.warn(err)
        data = {items: []}
      }
      postMessage({type: RESULT, data})
    }
  })
}

if (typeof module !== "undefined")
  module.exports = {setup, search}
