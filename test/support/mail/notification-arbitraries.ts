import fc from 'fast-check';

/** One generated request to a Graph route, with what intake must do with it. */
export interface FuzzRequest {
  route: '/graph/notifications' | '/graph/lifecycle';
  /** Raw query string without `?`, or empty. */
  query: string;
  contentType: string | null;
  payload: string | Buffer;
  /** Graph message ids that must become ledger rows (notifications with the right subscription and clientState). */
  accepted: string[];
  /** Lifecycle events that must queue work (right subscription and clientState, a known event). */
  lifecycleEvents: string[];
  /** True when it must be answered 202 (a collection, no validation token), false for 4xx, null when either is fine. */
  collection: boolean | null;
}

/** The subscription intake knows. */
export interface KnownSubscription {
  subscriptionId: string;
  clientState: string;
}

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '%00',
    '${jndi:x}',
    '../../../',
  ),
);
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(text, { maxLength: 3 }),
  fc.object(),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Ids as a hostile sender may write them: plausible, unicode, control characters, far too long. */
const messageId = fc.oneof(
  fc.stringMatching(/^AAMk[A-Za-z0-9+/=_-]{10,150}$/),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 60 }),
  fc.integer({ min: 990, max: 1100 }).map((n) => 'x'.repeat(n)),
);

const itemsOf = (known: KnownSubscription) => {
  const wellFormed = (overrides: fc.Arbitrary<Record<string, unknown>>) =>
    fc.tuple(messageId, overrides).map(([id, extra]) => ({
      subscriptionId: known.subscriptionId,
      clientState: known.clientState,
      changeType: 'created',
      resource: `Users/x/Messages/${id}`,
      resourceData: { '@odata.type': '#Microsoft.Graph.Message', id },
      tenantId: 'tenant',
      ...extra,
    }));
  return fc.oneof(
    { weight: 4, arbitrary: wellFormed(fc.constant({})) },
    {
      weight: 1,
      arbitrary: wellFormed(
        fc.record({ changeType: fc.oneof(fc.constantFrom('updated', 'deleted', 'missed'), text) }),
      ),
    },
    { weight: 2, arbitrary: wellFormed(fc.record({ clientState: fc.oneof(text, wrongType) })) },
    { weight: 1, arbitrary: wellFormed(fc.record({ subscriptionId: fc.oneof(fc.uuid(), text, wrongType) })) },
    {
      weight: 1,
      arbitrary: wellFormed(fc.record({ resourceData: fc.oneof(wrongType, fc.record({ id: wrongType })) })),
    },
    {
      weight: 1,
      arbitrary: wellFormed(fc.record({ clientState: fc.constant(undefined), tenantId: wrongType })),
    },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  );
};

/** What intake does with one item, mirroring graph-protocol §C.1 and `parseNotificationBody`. */
function acceptedId(raw: unknown, known: KnownSubscription): string | null {
  const item = raw as Record<string, unknown> | null;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
  const data = item.resourceData as Record<string, unknown> | null | undefined;
  const id = typeof data === 'object' && data !== null && !Array.isArray(data) ? data.id : undefined;
  const ok =
    item.subscriptionId === known.subscriptionId &&
    item.clientState === known.clientState &&
    item.changeType === 'created' &&
    typeof id === 'string' &&
    id.length > 0 &&
    id.length <= 1000 &&
    ![...id].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  return ok ? (id as string) : null;
}

const lifecycleItemsOf = (known: KnownSubscription) =>
  fc.oneof(
    fc.record({
      subscriptionId: fc.oneof(fc.constant(known.subscriptionId), fc.uuid(), wrongType),
      clientState: fc.oneof(fc.constant(known.clientState), text, wrongType),
      // subscriptionRemoved would end the only subscription of the run; it is covered by the pipeline tests.
      lifecycleEvent: fc.oneof(fc.constantFrom('reauthorizationRequired', 'missed'), text, wrongType),
      subscriptionExpirationDateTime: maybe(text),
      tenantId: maybe(text),
    }),
    fc.anything({ maxDepth: 2 }),
  );

const liveEvent = (raw: unknown, known: KnownSubscription): string | null => {
  const item = raw as Record<string, unknown> | null;
  if (typeof item !== 'object' || item === null) return null;
  const ok = item.subscriptionId === known.subscriptionId && item.clientState === known.clientState;
  const event = item.lifecycleEvent;
  return ok && (event === 'reauthorizationRequired' || event === 'missed') ? event : null;
};

/** Bodies that are not a change notification collection at all, as text. */
const notACollection = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '{"value":',
    '{"value":[{"subscriptionId":"a"}',
    '{"__proto__":{"polluted":true},"value":[]}',
    '{"constructor":{"prototype":{"polluted":true}},"value":[]}',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    `{"value":[${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}]}`,
    'null',
    '',
  ),
);

/** A raw percent-encoding of every UTF-8 byte, so any token (control characters included) reaches the server. */
const percentEncode = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const query = fc.oneof(
  { weight: 8, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc
      .oneof(text, fc.string({ maxLength: 1100, minLength: 1000 }))
      .map((t) => `validationToken=${percentEncode(t)}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'validationToken=%',
      'validationToken=%E0%A4%A',
      'validationToken',
      'validationToken=a&validationToken=b',
      'validationToken[x]=1',
    ),
  },
);

const contentType = fc.oneof(
  { weight: 10, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
    ),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);

const poisoned = (payload: string) => /"(__proto__|constructor)"\s*:/.test(payload);

/** What the server must do with a request: the model reads the JSON text, as the server does. */
function expect(
  r: Pick<FuzzRequest, 'route' | 'query' | 'contentType' | 'payload'>,
  known: KnownSubscription,
): FuzzRequest {
  const text = typeof r.payload === 'string' ? r.payload : r.payload.toString('utf8');
  const jsonType = r.contentType?.startsWith('application/json') ?? false;
  const hasToken = new URLSearchParams(r.query).has('validationToken');
  let items: unknown[] | null = null;
  try {
    const parsed = JSON.parse(text) as unknown;
    const value = (parsed as { value?: unknown } | null)?.value;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && Array.isArray(value))
      items = value;
  } catch {
    items = null;
  }
  const counts = jsonType && !hasToken && items !== null && !poisoned(text);
  const model = r.route === '/graph/notifications' ? acceptedId : liveEvent;
  const outcomes = counts
    ? (items ?? [])
        .slice(0, 1000)
        .map((i) => model(i, known))
        .filter((x): x is string => x !== null)
    : [];
  const printed = `${r.route}?${r.query.slice(0, 80)} [${r.contentType}] ${text.slice(0, 300)}… (${text.length} chars)`;
  return {
    ...r,
    accepted: r.route === '/graph/notifications' ? outcomes : [],
    lifecycleEvents: r.route === '/graph/lifecycle' ? outcomes : [],
    collection: jsonType && !hasToken && items !== null && poisoned(text) ? null : counts,
    // Counterexamples can be megabytes long; print a summary instead.
    [fc.toStringMethod]: () => printed,
  } as FuzzRequest;
}

/** Requests to `POST /graph/notifications` and `/graph/lifecycle`: mostly collections, many of them hostile. */
export function fuzzRequests(known: KnownSubscription): fc.Arbitrary<FuzzRequest> {
  const collection = (route: FuzzRequest['route'], items: fc.Arbitrary<unknown>) =>
    fc
      .record({
        route: fc.constant(route),
        query,
        contentType,
        items: fc.array(items, { maxLength: 12 }),
        extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
      })
      .map((r) => ({ ...r, payload: JSON.stringify({ ...r.extra, value: r.items }) }))
      // Fastify refuses `__proto__` and `constructor.prototype` keys (400); the garbage bodies cover those.
      .filter((r) => !poisoned(r.payload))
      .map((r) => expect(r, known));
  const garbage = fc
    .record({
      route: fc.constantFrom('/graph/notifications' as const, '/graph/lifecycle' as const),
      query,
      contentType,
      payload: fc.oneof(
        notACollection,
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      ),
    })
    .map((r) => expect(r, known));
  const oversized = fc
    .integer({ min: 1_048_577, max: 3_000_000 })
    .map((size) =>
      expect(
        {
          route: '/graph/notifications',
          query: '',
          contentType: 'application/json',
          payload: `{"value":[],"pad":"${'x'.repeat(size)}"}`,
        },
        known,
      ),
    )
    .map((r): FuzzRequest => ({ ...r, collection: false }));
  return fc.oneof(
    { weight: 12, arbitrary: collection('/graph/notifications', itemsOf(known)) },
    { weight: 4, arbitrary: collection('/graph/lifecycle', lifecycleItemsOf(known)) },
    { weight: 4, arbitrary: garbage },
    { weight: 1, arbitrary: oversized },
  );
}
