// The `{"errors":[...]}` envelope (API.md §1.4) and a throwable carrying it.

export interface ErrorItem {
  detail: string;
  status: string;
  code?: string;
}

export interface ErrorBody {
  errors: ErrorItem[];
}

let referenceCounter = 0;

/** Customer.io ends details with "(reference xxxxxx)"; a counter keeps them distinct and reproducible. */
function reference(): string {
  referenceCounter = (referenceCounter + 1) % 0xffffff;
  return referenceCounter.toString(16).padStart(6, '0');
}

export function errorBody(status: number, detail: string, code?: string): ErrorBody {
  const item: ErrorItem = { detail: `${detail} (reference ${reference()})`, status: String(status) };
  if (code !== undefined) item.code = code;
  return { errors: [item] };
}

/** Thrown by handlers; the server turns it into a response with the errors envelope. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly code?: string,
  ) {
    super(detail);
  }

  body(): ErrorBody {
    return errorBody(this.status, this.message, this.code);
  }
}

export const badRequest = (detail: string): HttpError => new HttpError(400, detail);
export const notFound = (detail: string): HttpError => new HttpError(404, detail);
