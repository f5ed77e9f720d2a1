/**
 * Connecting to an MQTT broker the way every lowernet client does (the router's health reporter and
 * {@code lowernet watch}): the login and its refusal reasons, a CA of the neighbourhood's own for TLS.
 */
package org.lowernet.runtime.mqtt;
