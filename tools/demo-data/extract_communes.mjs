#!/usr/bin/env node
// Extracts the communes of departments 77, 91 and 94 from the pinned
// @etalab/decoupage-administratif package (MIT, see
// configs/data/LICENSE.decoupage-administratif) into a plain CSV:
//   UTF-8 without BOM, LF line endings, "," separator, RFC 4180 quoting
//   only when needed, header code,name,population,department,department_name,region,epci,epci_name
//
// Usage: node extract_communes.mjs [OUTPUT_CSV]
//   OUTPUT_CSV defaults to <repo root>/configs/data/communes.csv, the repo
//   root being two levels above this script.
// The package is read from the node_modules directory next to this script
// (tools/demo-data/refresh.sh installs it into a temporary copy).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPECTED_VERSION = '6.0.0';
// The demo's departments; --all (for the benchmark) takes every commune of France.
const ALL = process.argv.includes('--all');
const DEPARTMENTS = new Set(['77', '91', '94']);
const HEADER = ['code', 'name', 'population', 'department', 'department_name', 'region', 'epci', 'epci_name'];

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.join(here, 'node_modules', '@etalab', 'decoupage-administratif');

function die(message) {
  process.stderr.write(`extract_communes: ${message}\n`);
  process.exit(1);
}

function readJson(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    die(`cannot read ${file}: ${err.message} (run tools/demo-data/refresh.sh)`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    die(`cannot parse ${file}: ${err.message}`);
  }
}

// RFC 4180: quote only when the field holds a separator, a quote or a line break.
function csvField(value) {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const pkg = readJson(path.join(pkgDir, 'package.json'));
if (pkg.version !== EXPECTED_VERSION) {
  die(`expected @etalab/decoupage-administratif ${EXPECTED_VERSION}, found ${pkg.version}`);
}

const communes = readJson(path.join(pkgDir, 'data', 'communes.json'));
const epcis = readJson(path.join(pkgDir, 'data', 'epci.json'));
if (!Array.isArray(communes) || !Array.isArray(epcis)) {
  die('communes.json and epci.json must both be arrays');
}

// epci.json: [{code: "<SIREN of the EPCI>", nom, type, membres: [{code: "<INSEE code>", siren, nom, ...}]}]
const epciOf = new Map();
const epciName = new Map();
for (const epci of epcis) {
  if (typeof epci.code !== 'string' || !/^\d{9}$/.test(epci.code)) {
    die(`EPCI with an unexpected code: ${JSON.stringify(epci.code)} (${epci.nom})`);
  }
  if (!Array.isArray(epci.membres)) {
    die(`EPCI ${epci.code} (${epci.nom}) has no "membres" array`);
  }
  for (const member of epci.membres) {
    const previous = epciOf.get(member.code);
    if (previous !== undefined && previous !== epci.code) {
      die(`commune ${member.code} is a member of two EPCI: ${previous} and ${epci.code}`);
    }
    epciOf.set(member.code, epci.code);
    epciName.set(epci.code, epci.nom);
  }
}

// departements.json: [{code: "77", nom: "Seine-et-Marne", ...}]
const departmentName = new Map(readJson(path.join(pkgDir, 'data', 'departements.json')).map((d) => [d.code, d.nom]));

const rows = [];
const seen = new Set();
for (const c of communes) {
  if (c.type !== 'commune-actuelle' || (!ALL && !DEPARTMENTS.has(c.departement))) continue;
  if (typeof c.code !== 'string' || !/^[0-9][0-9AB][0-9]{3}$/.test(c.code)) {
    die(`unexpected commune code ${JSON.stringify(c.code)} (${c.nom})`);
  }
  if (seen.has(c.code)) die(`duplicate commune code ${c.code}`);
  seen.add(c.code);
  if (typeof c.nom !== 'string' || c.nom === '') die(`commune ${c.code} has no name`);
  if (!Number.isInteger(c.population) || c.population < 0) {
    // France as a whole includes uninhabited territories (TAAF, Clipperton): left out, and said.
    if (ALL) {
      process.stderr.write(`extract_communes: ${c.code} (${c.nom}) has no population; left out\n`);
      continue;
    }
    die(`commune ${c.code} (${c.nom}) lacks a population: ${JSON.stringify(c.population)}`);
  }
  if (ALL && (typeof c.region !== 'string' || c.region === '')) {
    process.stderr.write(`extract_communes: ${c.code} (${c.nom}) has no region; left out\n`);
    continue;
  }
  if (typeof c.region !== 'string' || c.region === '') die(`commune ${c.code} (${c.nom}) has no region`);
  const epci = epciOf.get(c.code) ?? '';
  const department = departmentName.get(c.departement);
  if (department === undefined) die(`department ${c.departement} of ${c.code} has no name in departements.json`);
  rows.push([c.code, c.nom, c.population, c.departement, department, c.region, epci, epciName.get(epci) ?? '']);
}
if (rows.length === 0) die('no commune selected');
rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

const text = [HEADER, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';

const out = path.resolve(process.argv.slice(2).find((a) => a !== '--all') ?? path.join(here, '..', '..', 'configs', 'data', 'communes.csv'));
fs.mkdirSync(path.dirname(out), { recursive: true });
const tmp = `${out}.tmp-${process.pid}`;
fs.writeFileSync(tmp, text, 'utf8');
fs.renameSync(tmp, out);
process.stderr.write(`extract_communes: wrote ${rows.length} communes to ${out}\n`);
