/**
 * Memory of the simulator holding 100 mailboxes × 1,000 messages (target: < 300 MB RSS).
 * Run: npx tsx bench/simulator-memory.ts [mailboxes] [messagesPerMailbox]
 * Env: SIM_BENCH_IDLE=n (half-seconds of idling before the final reading, default 30),
 *      SIM_BENCH_OPTIMIZE=1 (run V8 with --optimize-for-size).
 * Nine mails in ten arrive as raw RFC 822 (multipart/alternative, Received headers, ~3 KB), one in ten as Graph
 * JSON with an HTML body, both through the same delivery path the control API uses.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSimulator, type SimulatorSeed } from '../src/simulator/index.js';

const mailboxCount = Number(process.argv[2] ?? 100);
const perMailbox = Number(process.argv[3] ?? 1000);
const domain = 'bench.onmicrosoft.com';

const words =
  'printer invoice login password laptop screen network mailbox calendar license access order delivery refund'.split(
    ' ',
  );
const sentence = (i: number, n: number) =>
  Array.from({ length: n }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ') + '.';

function rawMail(mailbox: number, i: number): Buffer {
  const text = Array.from({ length: 8 }, (_, k) => sentence(i + k, 12)).join('\r\n');
  const html = `<html><body>${text
    .split('\r\n')
    .map((line) => `<p>${line}</p>`)
    .join('')}<p>Kind regards,<br>Customer ${i}</p></body></html>`;
  return Buffer.from(
    [
      `Received: from mail${i % 50}.example.org (mail${i % 50}.example.org [203.0.113.${i % 250}]) by mx.${domain} with ESMTPS id ${i.toString(36)}; Tue, 3 Mar 2026 10:00:00 +0000`,
      `Received: from client (unknown [198.51.100.${i % 250}]) by mail${i % 50}.example.org; Tue, 3 Mar 2026 09:59:58 +0000`,
      `From: "Customer ${i}" <customer${i}@example.org>`,
      `To: box${mailbox}@${domain}`,
      `Subject: Ticket ${i}: ${sentence(i, 5)}`,
      'Date: Tue, 3 Mar 2026 09:59:57 +0000',
      `Message-ID: <bench-${mailbox}-${i}@example.org>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '--b1',
      'Content-Type: text/html; charset=utf-8',
      '',
      html,
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

const seed: SimulatorSeed = {
  tenants: [
    {
      domain,
      apps: [{ roles: ['Mail.Read'], secrets: [{ value: 'bench' }] }],
      mailboxes: Array.from({ length: mailboxCount }, (_, m) => ({ address: `box${m}` })),
    },
  ],
};

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
// Expose gc without command-line flags, so `npx tsx bench/simulator-memory.ts` measures live memory, not garbage.
setFlagsFromString('--expose-gc');
if (process.env.SIM_BENCH_OPTIMIZE) setFlagsFromString('--optimize-for-size');
const gc = runInNewContext('gc') as () => void;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 100));
  }
};
const rssNow = () => process.memoryUsage().rss;

await settle();
const before = process.memoryUsage();
const heapBefore = getHeapStatistics();
const sim = createSimulator({ seed, randomSeed: 1 });
await sim.ready;
const started = performance.now();
let rawBytes = 0;
for (let m = 0; m < mailboxCount; m++) {
  for (let i = 0; i < perMailbox; i++) {
    const address = `box${m}@${domain}`;
    if (i % 10 === 9) {
      await sim.control.deliver(address, {
        subject: `JSON ticket ${i}`,
        from: { emailAddress: { name: `Customer ${i}`, address: `customer${i}@example.org` } },
        toRecipients: [{ emailAddress: { address } }],
        body: { contentType: 'html', content: `<p>${sentence(i, 60)}</p>` },
      });
    } else {
      const raw = rawMail(m, i);
      rawBytes += raw.length;
      await sim.control.deliver(address, raw);
    }
  }
}
const seconds = (performance.now() - started) / 1000;
await settle();
const afterLoad = rssNow();
// A simulator idles between bursts; V8 gives back the pages the load churned through once it is idle.
for (let i = 0; i < Number(process.env.SIM_BENCH_IDLE ?? 30); i++) {
  await new Promise((r) => setTimeout(r, 500));
  gc();
}
const after = process.memoryUsage();
const heap = getHeapStatistics();
const total = mailboxCount * perMailbox;
console.log(`simulator memory: ${mailboxCount} mailboxes × ${perMailbox} messages = ${total} messages`);
console.log(
  `  average raw mail: ${Math.round(rawBytes / Math.ceil(total * 0.9))} bytes; loaded in ${seconds.toFixed(1)} s`,
);
console.log(`  RSS before loading:      ${mb(before.rss)}`);
console.log(`  RSS right after loading: ${mb(afterLoad)}`);
console.log(`  RSS after idling:        ${mb(after.rss)}  <- the figure to compare with the 300 MB budget`);
console.log(
  `  V8 heap used ${mb(before.heapUsed)} → ${mb(after.heapUsed)} (committed ${mb(heapBefore.total_heap_size)} → ${mb(heap.total_heap_size)}), external ${mb(after.external)}`,
);
console.log(`  heap per message: ${Math.round((after.heapUsed - before.heapUsed) / total)} bytes`);
console.log(`  RSS ${after.rss < 300 * 1024 * 1024 ? 'within' : 'OVER'} the 300 MB budget`);
await sim.close();
