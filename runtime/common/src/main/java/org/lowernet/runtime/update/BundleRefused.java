package org.lowernet.runtime.update;

/** A bundle a node must not install, and why, in words for the person who sent it. */
public final class BundleRefused extends Exception {

    public BundleRefused(String reason) {
        super(reason);
    }
}
