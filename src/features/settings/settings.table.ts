export interface SettingTable {
  key: string;
  /** JSON text. */
  value: string;
  updated_at: string;
}
