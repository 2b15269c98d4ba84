#!/usr/bin/env node
// Writes munidash's built-in list of French communes and their history, from the pinned npm
// package @etalab/decoupage-administratif (MIT): 6.0.0 gives the communes of 2026; the versions
// of earlier years (the package's README maps years to versions) date each change.
//
// Output folder (UTF-8, LF, "," separator, RFC 4180 quoting only where needed, sorted by code):
//   communes.csv     code,name,population,department,region,epci      the communes of today
//   history.csv      code,name,commune,kind,changed                   codes that are not communes today
//   departments.csv  code,name,region
//   regions.csv      code,name
//   epcis.csv        code,name
// history.csv kinds:
//   merged          a former commune (commune nouvelle, déléguée, associée) now part of `commune`
//   arrondissement  an arrondissement municipal of the city `commune` (Paris, Lyon, Marseille)
//   ambiguous       the package gives two communes (`commune` lists both, '|'-separated): never mapped
//   split           `code` is a commune today, but before `changed` it also covered `commune`,
//                   which is a commune of its own again: an older row of `code` covers both
// `changed` is the year of the change ("2024"), a range when the package has no version for a
// year ("2020-2021"), or "<=2019" when the code was already gone in the 2019 version.
//
// Usage: node extract_communes.mjs OUT_DIR   (run by extract.sh, beside the installed packages)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const CURRENT = { year: 2026, dir: '@etalab/decoupage-administratif', version: '6.0.0' };
const EARLIER = [
  { year: 2019, dir: 'cog-2019', version: '0.7.0' },
  { year: 2021, dir: 'cog-2021', version: '1.1.1' },
  { year: 2022, dir: 'cog-2022', version: '2.3.1' },
  { year: 2023, dir: 'cog-2023', version: '3.1.1' },
  { year: 2024, dir: 'cog-2024', version: '4.1.0' },
  { year: 2025, dir: 'cog-2025', version: '5.3.0' },
];

function die(message) {
  process.stderr.write(`extract_communes: ${message}\n`);
  process.exit(1);
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return die(`cannot read ${file}: ${err.message} (run tools/communes/extract.sh)`);
  }
}

function readVersion({ dir, version }) {
  const pkgDir = path.join(here, 'node_modules', dir);
  const found = readJson(path.join(pkgDir, 'package.json')).version;
  if (found !== version) die(`${dir}: expected version ${version}, found ${found}`);
  return (name) => readJson(path.join(pkgDir, 'data', `${name}.json`));
}

const CODE = /^[0-9][0-9AB][0-9]{3}$/;
function csvField(value) {
  const s = String(value ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function writeCsv(dir, name, header, rows) {
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const text = [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
  const file = path.join(dir, name);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text, 'utf8');
  fs.renameSync(tmp, file);
  process.stderr.write(`extract_communes: ${rows.length} rows in ${file}\n`);
}

// The codes each commune of a version covers: its own, its former codes, its déléguées and associées.
function coverage(communes) {
  const cover = new Map();
  for (const c of communes) if (c.type === 'commune-actuelle') cover.set(c.code, new Set([c.code, ...(c.anciensCodes ?? [])]));
  for (const c of communes)
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && cover.has(c.chefLieu)) cover.get(c.chefLieu).add(c.code);
  return cover;
}

const out = process.argv[2] ?? die('usage: node extract_communes.mjs OUT_DIR');
fs.mkdirSync(out, { recursive: true });

const data = readVersion(CURRENT);
const communes = data('communes');
const current = new Map(communes.filter((c) => c.type === 'commune-actuelle').map((c) => [c.code, c]));

// EPCI membership: epci.json lists each EPCI's member communes.
const epciOf = new Map();
const epciRows = [];
for (const epci of data('epci')) {
  if (!/^\d{9}$/.test(epci.code)) die(`EPCI with an unexpected code ${JSON.stringify(epci.code)}`);
  epciRows.push([epci.code, epci.nom]);
  for (const member of epci.membres ?? []) {
    if (epciOf.has(member.code) && epciOf.get(member.code) !== epci.code) die(`commune ${member.code} is in two EPCI`);
    epciOf.set(member.code, epci.code);
  }
}

const communeRows = [];
for (const c of current.values()) {
  if (!CODE.test(c.code)) die(`unexpected commune code ${JSON.stringify(c.code)} (${c.nom})`);
  if (typeof c.nom !== 'string' || c.nom === '') die(`commune ${c.code} has no name`);
  // Uninhabited territories (TAAF, Clipperton) have no population: kept, with an empty one.
  const population = Number.isInteger(c.population) && c.population >= 0 ? c.population : '';
  communeRows.push([c.code, c.nom, population, c.departement, c.region ?? '', epciOf.get(c.code) ?? '']);
}

// When each former code stopped being a commune: the first version in which it is not one.
const years = [...EARLIER, CURRENT];
const activeIn = years.map((v) => ({ year: v.year, codes: new Set(
  (v === CURRENT ? communes : readVersion(v)('communes')).filter((c) => c.type === 'commune-actuelle').map((c) => c.code)) }));
function changed(code) {
  if (!activeIn[0].codes.has(code)) return `<=${activeIn[0].year}`;
  for (let i = 1; i < activeIn.length; ++i) {
    if (activeIn[i].codes.has(code)) continue;
    const from = activeIn[i - 1].year + 1;
    const to = activeIn[i].year;
    return from === to ? String(to) : `${from}-${to}`;
  }
  return '';
}

// Former codes: from the communes' own lists and from the déléguées and associées; where the two
// disagree the code is ambiguous and never mapped.
const owners = new Map();  // former code -> {name, communes: Set}
const note = (code, name, commune) => {
  if (current.has(code)) return;
  const entry = owners.get(code) ?? { name: '', communes: new Set() };
  if (name) entry.name = name;
  entry.communes.add(commune);
  owners.set(code, entry);
};
for (const c of current.values()) for (const former of c.anciensCodes ?? []) note(former, '', c.code);
for (const c of communes)
  if (c.type === 'commune-deleguee' || c.type === 'commune-associee') {
    if (!current.has(c.chefLieu)) die(`${c.type} ${c.code} has a chef-lieu ${c.chefLieu} that is not a commune`);
    note(c.code, c.nom, c.chefLieu);
  }
// Names of former communes that are neither déléguées nor associées today: the last version's.
for (const v of [...EARLIER].reverse())
  for (const c of readVersion(v)('communes'))
    if (c.type === 'commune-actuelle' && owners.has(c.code) && !owners.get(c.code).name) owners.get(c.code).name = c.nom;

const historyRows = [];
for (const [code, { name, communes: into }] of owners) {
  if (!CODE.test(code)) die(`unexpected former code ${JSON.stringify(code)}`);
  const list = [...into].sort();
  historyRows.push([code, name, list.join('|'), list.length === 1 ? 'merged' : 'ambiguous', changed(code)]);
}
for (const c of communes)
  if (c.type === 'arrondissement-municipal') {
    if (!current.has(c.commune)) die(`arrondissement ${c.code} belongs to ${c.commune}, which is not a commune`);
    historyRows.push([c.code, c.nom, c.commune, 'arrondissement', '']);
  }

// Splits: a code that is a commune today and, in an earlier version, covered a code that today
// belongs to another commune. Mayotte's 985xx "déléguées" are an artefact of some versions: ignored.
const today = coverage(communes);
const ownerToday = new Map();
for (const [c, codes] of today) for (const d of codes) ownerToday.set(d, c);
const splits = new Map();  // code -> {others: Set, year}
for (let i = 0; i < EARLIER.length; ++i) {
  const then = coverage(readVersion(EARLIER[i])('communes'));
  for (const [code, codes] of then) {
    if (!current.has(code)) continue;
    for (const d of codes) {
      const now = ownerToday.get(d) ?? d;
      if (now === code || d.startsWith('985') || !current.has(now)) continue;
      const entry = splits.get(code) ?? { others: new Set(), year: '' };
      entry.others.add(now);
      // The change came after the last version in which the code still covered the other one.
      const from = EARLIER[i].year + 1;
      const to = i + 1 < EARLIER.length ? EARLIER[i + 1].year : CURRENT.year;
      entry.year = from === to ? String(to) : `${from}-${to}`;
      splits.set(code, entry);
    }
  }
}
for (const [code, { others, year }] of splits)
  historyRows.push([code, current.get(code).nom, [...others].sort().join('|'), 'split', year]);

const regionRows = data('regions').map((r) => [r.code, r.nom]);
const departmentRows = data('departements').map((d) => [d.code, d.nom, d.region ?? '']);

writeCsv(out, 'communes.csv', ['code', 'name', 'population', 'department', 'region', 'epci'], communeRows);
writeCsv(out, 'history.csv', ['code', 'name', 'commune', 'kind', 'changed'], historyRows);
writeCsv(out, 'departments.csv', ['code', 'name', 'region'], departmentRows);
writeCsv(out, 'regions.csv', ['code', 'name'], regionRows);
writeCsv(out, 'epcis.csv', ['code', 'name'], epciRows);
