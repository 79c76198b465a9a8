import { REGION_URLS, REGIONS, type Region } from './regions.js';
import { RedirectError } from '../errors.js';


/** Where requests go, as the user configured it: the advice names the setting to change. */
export interface HostSetting {
  region: Region;
  /** The origin in use (base_url, or the region's host). */
  baseUrl: string;
  baseUrlSet: boolean;
}

// A Location or an error detail is the server's text: shown short, never whole.
const MAX_SHOWN = 100;

/** The host of a Location only: its path, query and any user:password@ stay out of every message. */
export function locationHost(location: string | undefined, requestUrl: string): string | undefined {
  if (location === undefined || location.trim() === '') return undefined;
  try {
    return new URL(location, requestUrl).host.slice(0, MAX_SHOWN) || undefined;
  } catch {
    return undefined;
  }
}

export function regionOfHost(host: string | undefined): Region | undefined {
  return REGIONS.find((r) => new URL(REGION_URLS[r]).host === host);
}

/**
 * The config error for a 3xx. Customer.io answers a key of the other data center with 301
 * "wrong datacenter" and a Location on that data center's host, which tells the user what to set.
 */
export function redirectError(status: number, request: string, location: string | undefined, detail: string, setting: HostSetting): RedirectError {
  const requestHost = new URL(setting.baseUrl).host;
  const host = locationHost(location, setting.baseUrl);
  const keyRegion = host === requestHost ? undefined : regionOfHost(host);
  const current = setting.baseUrlSet ? `base_url is ${setting.baseUrl}` : `region is ${setting.region}`;
  let advice: string;
  if (keyRegion !== undefined) {
    const dataCenter = `This App API key belongs to Customer.io's ${keyRegion.toUpperCase()} data center`;
    advice = setting.baseUrlSet
      ? `${dataCenter}: set base_url to ${REGION_URLS[keyRegion]} (or a proxy of it), or remove base_url and set region to ${keyRegion} (${current}).`
      : `${dataCenter}: set region to ${keyRegion} (${current}).`;
  } else {
    const where = host === undefined ? 'Customer.io redirected without a usable Location'
      : host === requestHost ? `Customer.io redirected to ${host}, the host already in use`
        : `Customer.io redirected to ${host}, which is not a Customer.io App API host`;
    advice = `${where}, so the data center of this key is unknown (${current}): check that it is an App API key and that region or base_url names its workspace's data center, us (${REGION_URLS.us}) or eu (${REGION_URLS.eu}).`;
  }
  const quoted = detail === '' ? '' : ` "${detail.slice(0, MAX_SHOWN)}"`;
  const answered = `(HTTP ${status}${quoted}${host === undefined ? '' : `, Location on ${host}`}; the connector does not follow redirects: that would send the key to another host.)`;
  return new RedirectError(`${advice} ${answered}`, status, request, `${detail}; Location host ${host ?? 'none'}`);
}
