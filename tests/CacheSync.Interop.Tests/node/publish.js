// A non-.NET producer: publishes contract-v1 events to CacheSync's exchange with amqplib, as any service would.
//   node publish.js <amqp-uri> <exchange> <events-json-file>
// The file holds a JSON array of events, plain objects (a version above 2^53 is written as a string of digits,
// since JavaScript numbers are doubles). Each is sent as JSON.stringify(event): persistent, content type
// application/json, routing key <entity>.<op>, mandatory, on a confirm channel; the script exits 0 only once the
// broker has confirmed every message and returned none. Prints one JSON line per message: {id, routingKey, body}.
'use strict';
const fs = require('node:fs');
const amqp = require('amqplib');

const [uri, exchange, file] = process.argv.slice(2);
if (!uri || !exchange || !file) {
  console.error('usage: node publish.js <amqp-uri> <exchange> <events-json-file>');
  process.exit(2);
}

// Bounded: a broker that never answers must not hang the caller.
setTimeout(() => { console.error('publish.js: no confirms within 30 s'); process.exit(3); }, 30_000).unref();

async function main() {
  const events = JSON.parse(fs.readFileSync(file, 'utf8'));
  const connection = await amqp.connect(uri, { clientProperties: { connection_name: 'cachesync-interop-node' } });
  try {
    const channel = await connection.createConfirmChannel();
    const returned = [];
    channel.on('return', (message) => returned.push(message.properties.messageId));

    for (const event of events) {
      const routingKey = `${event.entity}.${event.op}`;
      const body = JSON.stringify(event);
      channel.publish(exchange, routingKey, Buffer.from(body, 'utf8'), {
        persistent: true,
        contentType: 'application/json',
        messageId: typeof event.id === 'string' ? event.id : undefined,
        mandatory: true,
      });
      console.log(JSON.stringify({ id: event.id ?? null, routingKey, body }));
    }

    await channel.waitForConfirms(); // rejects if the broker nacked any message
    // A returned message comes before its confirm, so every return has been seen by now.
    if (returned.length > 0) throw new Error(`unroutable (returned by the broker): ${returned.join(', ')}`);
    await channel.close();
  } finally {
    await connection.close();
  }
}

main().catch((error) => {
  console.error(`publish.js: ${error.message}`);
  process.exit(1);
});
