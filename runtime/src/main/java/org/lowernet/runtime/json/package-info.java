/**
 * Reading JSON that others sent (MQTT payloads, respondd answers): a bound on nesting before parsing, and
 * typed lookups by path that give empty for a missing field or one of another type instead of failing.
 */
package org.lowernet.runtime.json;
