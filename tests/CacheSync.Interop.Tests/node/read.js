// A non-.NET cache reader: reads CacheSync's Redis entries with node-redis, knowing only the README's
// "Cache entry format" section.
//   node read.js <redis-url> <key>...                        prints one JSON line per key: what the entry says
//   node read.js <redis-url> --fill <script> <key> <version> <json> <ttl-ms>
//                                                            fills after a miss with the README's fill script;
//                                                            prints {key, filled: true|false}
'use strict';
const fs = require('node:fs');
const { createClient } = require('redis');

const [url, ...rest] = process.argv.slice(2);
if (!url || rest.length === 0) {
  console.error('usage: node read.js <redis-url> <key>... | --fill <script> <key> <version> <json> <ttl-ms>');
  process.exit(2);
}

setTimeout(() => { console.error('read.js: Redis did not answer within 30 s'); process.exit(3); }, 30_000).unref();

const DIGITS = /^(0|[1-9][0-9]*)$/; // "decimal digits without leading zeros"
const STATES = ['live', 'invalidated', 'deleted'];

// What one entry says, and any way in which it breaks the documented format.
async function read(client, key) {
  // "To read: HMGET <key> version state data" (+ invalidated_by, named for invalidated dependent keys).
  const [version, state, data, invalidatedBy] = await client.hmGet(key, ['version', 'state', 'data', 'invalidated_by']);
  const pttl = await client.pTTL(key); // -2: no key, -1: no expiry
  if (pttl === -2) return { key, exists: false, hit: false, violations: [] };

  const violations = [];
  if (version === null || !DIGITS.test(version)) violations.push(`version ${JSON.stringify(version)} is not decimal digits without leading zeros`);
  if (!STATES.includes(state)) violations.push(`state ${JSON.stringify(state)} is not live, invalidated or deleted`);
  if (state === 'live' && data === null) violations.push('a live entry has no data');
  if (state !== 'live' && data !== null) violations.push(`a ${state} entry has data`);
  if (invalidatedBy !== null && !DIGITS.test(invalidatedBy)) violations.push(`invalidated_by ${JSON.stringify(invalidatedBy)} is not decimal digits`);
  let parsed = null;
  if (data !== null) {
    try { parsed = JSON.parse(data); } catch (e) { violations.push(`data is not JSON: ${e.message}`); }
  }

  return {
    key,
    exists: true,
    hit: state === 'live', // "No key, or a state other than live, is a miss: read the store."
    state,
    version, // kept as text: versions are 64-bit and JavaScript numbers are doubles
    data: parsed,
    invalidatedBy,
    ttlSeconds: pttl === -1 ? null : Math.ceil(pttl / 1000),
    violations,
  };
}

// "To fill after a miss, don't HSET directly: run Scripts/fill_if_not_fenced.lua (EVAL with the key, the version
// you read from the store, the JSON and a TTL in ms)", its @key and @version, @data, @ttl being KEYS[1] and ARGV[1..3].
async function fill(client, scriptFile, key, version, json, ttl) {
  const script = fs.readFileSync(scriptFile, 'utf8')
    .replaceAll('@key', 'KEYS[1]')
    .replaceAll('@version', 'ARGV[1]')
    .replaceAll('@data', 'ARGV[2]')
    .replaceAll('@ttl', 'ARGV[3]');
  const result = await client.eval(script, { keys: [key], arguments: [version, json, ttl] });
  return { key, filled: result === 1 };
}

async function main() {
  const client = createClient({ url, socket: { connectTimeout: 10_000, reconnectStrategy: false } });
  client.on('error', () => {}); // a failed command rejects its own promise
  await client.connect();
  try {
    if (rest[0] === '--fill') {
      const [, scriptFile, key, version, json, ttl] = rest;
      console.log(JSON.stringify(await fill(client, scriptFile, key, version, json, ttl)));
    } else {
      for (const key of rest) console.log(JSON.stringify(await read(client, key)));
    }
  } finally {
    await client.close();
  }
}

main().catch((error) => {
  console.error(`read.js: ${error.message}`);
  process.exit(1);
});
