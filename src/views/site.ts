/** What every page needs to know about the site. */
export interface SiteInfo {
  title: string;
  description: string;
  /** Absolute origin without trailing slash. */
  baseUrl: string;
  /** IANA zone the newsroom dates articles in. */
  zone: string;
}
