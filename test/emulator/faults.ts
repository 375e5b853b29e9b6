/** Faults that any endpoint can suffer: they replace the answer before the request is looked at. */
export const TRANSPORT_FAULTS = ['status', '429', '502-html', 'malformed-json', 'reset', 'hang', 'slow', 'redirect'] as const;
/** Odd but 200 answers to a valid generation: applied once the generation itself succeeded. */
export const GENERATE_FAULTS = [
  'not-success',
  'no-results',
  'insufficient-credits',
  'no-temporary-url',
  'top-level-temporary-url',
  'job-fails',
  'foreign-result-path',
] as const;
/**
 * How a server can take `"async": true`: refuse it (a 422 naming the field, before anything is
 * charged) or ignore it (answer only when the images exist, as without the flag).
 */
export const ASYNC_FAULTS = ['refuse-async', 'ignore-async'] as const;
/** A poll of `GET /api/results/{uuid}` that answers `{"aiRecord": null}`: the server lost the record. */
export const RESULT_FAULTS = ['lost'] as const;
/**
 * Hostile or broken asset hosts: a redirect to another host or to another bucket on this one,
 * results over the size limits (announced in Content-Length or not), and an image whose header
 * claims more pixels than a result may have.
 */
export const DOWNLOAD_FAULTS = [
  'html',
  'truncated',
  'refuse-all-bases',
  'redirect-elsewhere',
  'redirect-other-bucket',
  'oversized',
  'oversized-unannounced',
  'huge-dimensions',
] as const;

/** Where 'foreign-result-path' and 'redirect-elsewhere' point by default: the cloud metadata address. */
export const LINK_LOCAL_URL = 'http://169.254.169.254/latest/meta-data/iam/security-credentials/';

export type TransportFaultKind = (typeof TRANSPORT_FAULTS)[number];
export type GenerateFaultKind = (typeof GENERATE_FAULTS)[number];
export type DownloadFaultKind = (typeof DOWNLOAD_FAULTS)[number];
export type AsyncFaultKind = (typeof ASYNC_FAULTS)[number];
export type ResultFaultKind = (typeof RESULT_FAULTS)[number];
export type FaultKind = TransportFaultKind | GenerateFaultKind | DownloadFaultKind | AsyncFaultKind | ResultFaultKind;

/** 'result' is the poll, `GET /api/results/{uuid}`. */
export type FaultEndpoint = 'upload' | 'generate' | 'result' | 'download';

export interface Fault {
  endpoint: FaultEndpoint;
  kind: FaultKind;
  /** How many matching requests it hits; default 1. `Infinity` keeps it until clearFaults(). */
  times?: number;
  /** '429': sent as `Retry-After`; without it the header is left out. */
  retryAfterSeconds?: number;
  /** 'status': the HTTP status (default 500); 'refuse-async': 400 or 422 (the default). */
  status?: number;
  /** 'status' / '429': the `message` of the JSON body; 'job-fails': the record's `errorMessage`. */
  message?: string;
  /**
   * 'redirect': the `Location` (default: the asset server, so a followed key shows in keyLeaks);
   * 'redirect-elsewhere': the `Location`, and 'foreign-result-path': the first result's path
   * (both default to LINK_LOCAL_URL).
   */
  redirectTo?: string;
  /** 'slow': how long before answering (default 30 s); a client that disconnects ends it early. */
  delayMs?: number;
}

function allowedOn(endpoint: FaultEndpoint): readonly FaultKind[] {
  switch (endpoint) {
    case 'upload':
      return TRANSPORT_FAULTS;
    case 'generate':
      return [...TRANSPORT_FAULTS, ...GENERATE_FAULTS, ...ASYNC_FAULTS];
    case 'result':
      return [...TRANSPORT_FAULTS, ...RESULT_FAULTS];
    case 'download':
      return [...TRANSPORT_FAULTS, ...DOWNLOAD_FAULTS];
  }
}

export function isTransportFault(kind: FaultKind): kind is TransportFaultKind {
  return (TRANSPORT_FAULTS as readonly string[]).includes(kind);
}

/**
 * Injected faults, first in first out per endpoint. The head fault of an endpoint is the only
 * one considered; it applies at its own moment (see `takeIf`) and is spent once per hit.
 */
export class FaultQueue {
  private entries: Array<{ fault: Fault; remaining: number }> = [];

  add(fault: Fault): void {
    if (!allowedOn(fault.endpoint).includes(fault.kind)) {
      throw new Error(`Fault '${fault.kind}' does not apply to the ${fault.endpoint} endpoint`);
    }
    const times = fault.times ?? 1;
    if (!(times >= 1)) {
      throw new Error(`Fault times must be at least 1, got ${times}`);
    }
    this.entries.push({ fault: { ...fault }, remaining: times });
  }

  clear(): void {
    this.entries = [];
  }

  /** Spends and returns the endpoint's head fault when `accept` says it applies now. */
  takeIf(endpoint: FaultEndpoint, accept: (kind: FaultKind) => boolean): Fault | undefined {
    const index = this.entries.findIndex((entry) => entry.fault.endpoint === endpoint);
    if (index < 0) {
      return undefined;
    }
    const entry = this.entries[index];
    if (!accept(entry.fault.kind)) {
      return undefined;
    }
    entry.remaining -= 1;
    if (entry.remaining <= 0) {
      this.entries.splice(index, 1);
    }
    return entry.fault;
  }
}
