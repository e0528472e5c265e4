// A kafkajs producer or consumer-group member run as its own process by the broker's
// compatibility ITs. Results go to stdout, one line per message in the same tab-separated format
// the ITs ask kcat for (partition, offset, key, value, headers as name=value,...); kafkajs's own
// log goes to stderr so it never mixes with them.
//
//   node kafkajs-client.js produce --bootstrap H:P --topic T --count N --key-prefix K
//   node kafkajs-client.js consume --bootstrap H:P --topic T --group G --count N [--timeout-ms 60000]
'use strict';

const { Kafka, logLevel, Partitioners } = require('kafkajs');

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`expected --name value, got: ${argv[i]}`);
    }
    options[argv[i].slice(2)] = argv[i + 1];
  }
  return options;
}

function required(options, name) {
  if (options[name] === undefined) {
    throw new Error(`--${name} is required`);
  }
  return options[name];
}

function client(options) {
  return new Kafka({
    clientId: 'floe-compat-kafkajs',
    brokers: [required(options, 'bootstrap')],
    connectionTimeout: 5000,
    retry: { retries: 8, initialRetryTime: 200 },
    logLevel: logLevel.WARN,
    logCreator: () => ({ level, log }) => {
      process.stderr.write(`kafkajs ${logLevel[level] || level} ${log.message} ${JSON.stringify(log)}\n`);
    },
  });
}

function emit(line) {
  process.stdout.write(`${line}\n`);
}

// Keyed messages with per-message headers, so a reader can check all three survive the trip.
async function produce(options) {
  const topic = required(options, 'topic');
  const count = Number(required(options, 'count'));
  const prefix = required(options, 'key-prefix');
  const producer = client(options).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  try {
    const messages = [];
    for (let i = 0; i < count; i++) {
      messages.push({
        key: `${prefix}-${i % 10}`,
        value: `${prefix}-value-${i}`,
        headers: { origin: 'kafkajs', seq: String(i) },
      });
    }
    // A few requests rather than one, so the broker sees several batches per partition.
    let acknowledged = 0;
    for (let start = 0; start < messages.length; start += 50) {
      const results = await producer.send({ topic, acks: -1, messages: messages.slice(start, start + 50) });
      results.forEach((r) => { if (r.errorCode !== 0) throw new Error(`produce error ${r.errorCode}`); });
      acknowledged += Math.min(50, messages.length - start);
    }
    emit(`produced ${acknowledged}`);
  } finally {
    await producer.disconnect();
  }
}

// Joins a consumer group, prints every message it gets, and once `count` arrived commits the
// positions it reached and leaves the group.
async function consume(options) {
  const topic = required(options, 'topic');
  const count = Number(required(options, 'count'));
  const timeoutMs = Number(options['timeout-ms'] || 60000);
  const consumer = client(options).consumer({
    groupId: required(options, 'group'),
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 500,
    allowAutoTopicCreation: false,
  });
  const positions = new Map();
  let received = 0;
  let done;
  const finished = new Promise((resolve) => { done = resolve; });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const headers = Object.entries(message.headers || {})
          .map(([name, value]) => `${name}=${value === null || value === undefined ? '' : value.toString()}`)
          .join(',');
        const key = message.key === null ? '' : message.key.toString();
        const value = message.value === null ? '' : message.value.toString();
        emit([partition, message.offset, key, value, headers].join('\t'));
        positions.set(partition, Number(message.offset) + 1);
        received += 1;
        if (received >= count) done(true);
      },
    });
    const timer = setTimeout(() => done(false), timeoutMs);
    const complete = await finished;
    clearTimeout(timer);
    await consumer.commitOffsets([...positions].map(([partition, offset]) => (
      { topic, partition, offset: String(offset) })));
    if (!complete) {
      process.stderr.write(`timed out after ${timeoutMs} ms with ${received} of ${count} messages\n`);
      process.exitCode = 3;
    }
  } finally {
    await consumer.disconnect();
  }
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const options = parseArgs(rest);
  if (command === 'produce') {
    await produce(options);
  } else if (command === 'consume') {
    await consume(options);
  } else {
    throw new Error(`unknown command: ${command} (produce or consume)`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
