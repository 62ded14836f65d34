import type { JsonLdObject } from './json-ld.js';

/*
 * schema.org structured data of index pages: a CollectionPage whose main entity is the ItemList
 * of what this page of the list shows. Pure; every URL given here is already absolute.
 */

export interface CollectionItem {
  /** Absolute URL of the item's own page. */
  url: string;
  name: string;
}

export interface Collection {
  /** Absolute URL of this page of the list. */
  url: string;
  name: string;
  description: string;
  items: readonly CollectionItem[];
  /** Position of the first item in the whole list (1 on page 1, 31 on page 2 of 30 a page). */
  firstPosition: number;
  /** How many items the whole list has, over every page. */
  total: number;
}

/** A CollectionPage with an ItemList of its items, numbered across pages. */
export function collectionPageJsonLd(collection: Collection): JsonLdObject {
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    url: collection.url,
    name: collection.name,
    description: collection.description,
    mainEntity: {
      '@type': 'ItemList',
      numberOfItems: collection.total,
      itemListElement: collection.items.map((item, index) => ({
        '@type': 'ListItem',
        position: collection.firstPosition + index,
        url: item.url,
        name: item.name,
      })),
    },
  };
}
