package org.lowernet.runtime.config;

/** Which level lights an LED: high (LED from the pin to ground) or low (LED from 3.3 V to the pin). */
public enum ActiveLevel {
    HIGH, LOW
}
