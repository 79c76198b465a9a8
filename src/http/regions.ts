/** The App API's host per region (API.md §1.1): a key answers only on its own region's host. */
export const REGION_URLS = { us: 'https://api.customer.io', eu: 'https://api-eu.customer.io' } as const;

export type Region = keyof typeof REGION_URLS;
export const REGIONS: readonly Region[] = ['us', 'eu'];
