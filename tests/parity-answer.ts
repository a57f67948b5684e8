import type { LightMyRequestResponse } from 'fastify'

/** What the server/MSW parity tests compare of an answer. */
export interface Answer { status: number; contentType: string; wwwAuthenticate: string | null; location: string | null; allow: string | null; setCookie: string[]; body: string }

const mediaType = (value: string | null | undefined): string => (value ?? '').split(';')[0]?.trim() ?? ''

/** An `app.inject` answer, as compared. */
export function answerOfInject(res: LightMyRequestResponse): Answer {
  const setCookie = res.headers['set-cookie']
  return {
    status: res.statusCode,
    contentType: mediaType(res.headers['content-type'] as string | undefined),
    wwwAuthenticate: (res.headers['www-authenticate'] as string | undefined) ?? null,
    location: (res.headers.location as string | undefined) ?? null,
    allow: (res.headers.allow as string | undefined) ?? null,
    setCookie: setCookie === undefined ? [] : ([] as string[]).concat(setCookie),
    body: res.body,
  }
}

/** A `fetch` answer (through the MSW handlers), as compared. */
export async function answerOfFetch(res: Response): Promise<Answer> {
  return {
    status: res.status,
    contentType: mediaType(res.headers.get('content-type')),
    wwwAuthenticate: res.headers.get('www-authenticate'),
    location: res.headers.get('location'),
    allow: res.headers.get('allow'),
    setCookie: res.headers.getSetCookie(),
    body: await res.text(),
  }
}
