/** Subjects (account names) by number, each held while a credential owns it. */
export interface SubjectTable {
  /** One more use of `name`; its number (-1 for undefined: no subject). */
  hold(name: string | undefined): number
  /** One use fewer of the subject numbered `id`; forgotten at none. */
  release(id: number): void
  name(id: number): string | undefined
  /** The number of a held subject, undefined when none holds it. */
  idOf(name: string): number | undefined
  clear(): void
}

/**
 * The memory store's subjects: a slot keeps a number, not a string. Counted
 * and forgotten with their last credential, unlike API names and kinds, which
 * are few: registered accounts bring new subjects without end, and 1,000,000
 * of them kept 55 MB of names after their credentials were gone.
 *
 * @example const subjects = createSubjectTable(); const id = subjects.hold('bart'); subjects.release(id)
 */
export function createSubjectTable(): SubjectTable {
  const names: Array<string | undefined> = []
  const ids = new Map<string, number>()
  const uses: number[] = []
  const free: number[] = []
  return {
    hold(name) {
      if (name === undefined) return -1
      let id = ids.get(name)
      if (id === undefined) {
        id = free.pop() ?? names.length
        names[id] = name
        uses[id] = 0
        ids.set(name, id)
      }
      uses[id] = (uses[id] as number) + 1
      return id
    },
    release(id) {
      if (id === -1) return
      const left = (uses[id] as number) - 1
      uses[id] = left
      if (left > 0) return
      ids.delete(names[id] as string)
      names[id] = undefined
      free.push(id)
    },
    name: (id) => (id === -1 ? undefined : names[id]),
    idOf: (name) => ids.get(name),
    clear() {
      names.length = 0
      ids.clear()
      uses.length = 0
      free.length = 0
    },
  }
}
