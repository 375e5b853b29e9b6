/** What the history does to a generation's folder beyond the store: measure it and remove it. */
export interface HistoryFiles {
  /** Bytes of every file in the folder (0 when it is gone). */
  folderBytes(generationId: string): Promise<number>;
  /** Removes the folder and everything in it; gone already counts as done. */
  removeFolder(generationId: string): Promise<void>;
}
