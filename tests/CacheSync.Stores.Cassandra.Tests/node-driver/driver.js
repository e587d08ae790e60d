'use strict';
// Runs one scenario of the DataStax Node.js driver (the independent judge) against the scripted CQL peer and
// prints one JSON object per line with what the driver decoded. Usage: node driver.js <port> <scenario>
// The statements and values below are mirrored in ../InteropScenarios.cs; keep both identical.
const cassandra = require('cassandra-driver');

const { types, policies, auth } = cassandra;
const { consistencies } = types;

const UPSERT = 'INSERT INTO cachesync.user_model (key, version, data, deleted) VALUES (?, ?, ?, ?) USING TIMESTAMP ?';
const SELECT_RELEASE = "SELECT release_version FROM system.local WHERE key = 'local'";
const UPDATE_DATA = 'UPDATE cachesync.user_model USING TIMESTAMP 7 SET data = ? WHERE key = ?';
const SELECT_ROWS = 'SELECT key, version, data, deleted, payload, updated_at, id, count FROM cachesync.user_model WHERE key = ?';
const ERROR_TABLES = ['unavailable', 'overloaded', 'bootstrapping', 'write_timeout', 'read_timeout', 'syntax', 'invalid', 'unauthorized'];
const errorStatement = (table) => table === 'read_timeout'
  ? `SELECT key FROM cachesync.${table} WHERE key = ?`
  : `INSERT INTO cachesync.${table} (key) VALUES (?)`;
const CREATE_EXISTING = 'CREATE TABLE cachesync.already_exists (key text PRIMARY KEY)';
const UNPREPARED = 'INSERT INTO cachesync.unprepared (key) VALUES (?)';
const CREATE_KEYSPACE = "CREATE KEYSPACE IF NOT EXISTS cachesync WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";
const CREATE_TABLE = 'CREATE TABLE IF NOT EXISTS cachesync.user_model (key text PRIMARY KEY, version bigint, data text, deleted boolean)';
const USE_KEYSPACE = 'USE cachesync';

const port = Number(process.argv[2]);
const scenario = process.argv[3];

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// Plain JSON for what the driver decoded: bigint as decimal string, blob as hex, timestamp as epoch ms.
function plain(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return v.toString('hex');
  if (v instanceof Date) return v.getTime();
  if (v instanceof types.Long) return v.toString();
  if (v instanceof types.Uuid) return v.toString();
  if (v instanceof types.InetAddress) return v.toString();
  if (Array.isArray(v)) return v.map(plain);
  return v;
}

function describeError(err) {
  const o = { name: err.name || err.constructor.name, code: err.code === undefined ? null : err.code, message: err.message };
  for (const k of ['consistencies', 'required', 'alive', 'received', 'blockFor', 'writeType', 'isDataPresent', 'keyspace', 'table']) {
    if (err[k] !== undefined) o[k] = err[k];
  }
  if (err.queryId) o.queryId = err.queryId.toString('hex');
  if (err.innerErrors) {
    o.innerErrors = {};
    for (const [host, inner] of Object.entries(err.innerErrors)) o.innerErrors[host] = describeError(inner);
  }
  return o;
}

function describeResult(step, rs) {
  const o = { step, ok: true };
  if (rs && rs.columns) {
    o.columns = rs.columns.map(c => ({ name: c.name, type: c.type.code }));
    o.rows = rs.rows.map(r => rs.columns.map(c => plain(r[c.name])));
  }
  return o;
}

function newClient(extra) {
  return new cassandra.Client(Object.assign({
    contactPoints: ['127.0.0.1'],
    localDataCenter: 'dc1',
    protocolOptions: { port, maxVersion: 4 },
    isMetadataSyncEnabled: false,
    encoding: { useBigIntAsLong: true },
    pooling: {
      coreConnectionsPerHost: { [types.distance.local]: 1, [types.distance.remote]: 1 },
      heartBeatInterval: 0,
    },
    // No retries and no client timestamps: each request the peer sees is exactly the one the scenario made.
    policies: {
      retry: new policies.retry.FallthroughRetryPolicy(),
      timestampGeneration: null,
      reconnection: new policies.reconnection.ConstantReconnectionPolicy(60000),
    },
    socketOptions: { connectTimeout: 5000, readTimeout: 10000 },
  }, extra));
}

async function step(name, action) {
  try {
    out(describeResult(name, await action()));
  } catch (err) {
    out({ step: name, error: describeError(err) });
  }
}

const scenarios = {
  async connect(client) {
    await client.connect();
    const hosts = client.hosts.values().map(h => ({
      address: h.address, datacenter: h.datacenter, rack: h.rack, cassandraVersion: h.cassandraVersion,
      hostId: plain(h.hostId), tokens: h.tokens,
    }));
    out({ step: 'connected', protocolVersion: client.controlConnection.protocolVersion, hosts });
  },

  async auth(client) {
    await scenarios.connect(client);
  },

  async 'prepare-execute'(client) {
    await client.connect();
    await step('execute', () => client.execute(UPSERT,
      ['user:1', 42n, '{"name":"Ada"}', false, 1700000000000000n],
      { prepare: true, consistency: consistencies.localQuorum }));
  },

  async query(client) {
    await client.connect();
    await step('select', () => client.execute(SELECT_RELEASE, [], { consistency: consistencies.one }));
    await step('update', () => client.execute(UPDATE_DATA, ['x', 'user:2'], {
      hints: ['text', 'text'],
      consistency: consistencies.localQuorum,
      serialConsistency: consistencies.localSerial,
      timestamp: types.Long.fromString('1700000000000001'),
    }));
  },

  async rows(client) {
    await client.connect();
    await step('select', () => client.execute(SELECT_ROWS, ['user:1'], { prepare: true }));
  },

  async batch(client) {
    await client.connect();
    const queries = [
      { query: UPSERT, params: ['user:1', 1n, '{"a":1}', false, 1n] },
      { query: UPSERT, params: ['user:2', 2n, '{"a":2}', false, 2n] },
    ];
    await step('logged', () => client.batch(queries, { prepare: true, logged: true, consistency: consistencies.localQuorum }));
    await step('unlogged', () => client.batch(queries, { prepare: true, logged: false, consistency: consistencies.localQuorum }));
  },

  async errors(client) {
    await client.connect();
    for (const table of ERROR_TABLES) {
      await step(table, () => client.execute(errorStatement(table), ['k'], { prepare: true, consistency: consistencies.localQuorum }));
    }
    await step('already_exists', () => client.execute(CREATE_EXISTING, [], { consistency: consistencies.localQuorum }));
    await step('unprepared', () => client.execute(UNPREPARED, ['k'], { prepare: true, consistency: consistencies.localQuorum }));
  },

  async schema(client) {
    await client.connect();
    await step('create_keyspace', () => client.execute(CREATE_KEYSPACE));
    await step('create_table', () => client.execute(CREATE_TABLE));
    await step('use', () => client.execute(USE_KEYSPACE));
  },
};

async function main() {
  const run = scenarios[scenario];
  if (!Number.isInteger(port) || port <= 0 || !run) {
    process.stderr.write(`usage: node driver.js <port> <${Object.keys(scenarios).join('|')}>\n`);
    return 2;
  }
  const client = newClient(scenario === 'auth' ? { authProvider: new auth.PlainTextAuthProvider('cachesync', 's3cret') } : {});
  try {
    await run(client);
  } catch (err) {
    // A failure outside a step (connect, for instance) is still something the driver reported: print it.
    out({ step: 'fatal', error: describeError(err) });
  } finally {
    await client.shutdown();
    out({ step: 'shutdown' });
  }
  return 0;
}

main().then(code => process.exit(code), err => {
  process.stderr.write(`harness failure: ${err && err.stack || err}\n`);
  process.exit(1);
});
