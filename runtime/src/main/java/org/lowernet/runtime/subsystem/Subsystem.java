package org.lowernet.runtime.subsystem;

/** One part of the running router. An essential subsystem that fails to start stops the start. */
public interface Subsystem {

    String name();

    boolean essential();

    void start() throws Exception;

    void stop() throws Exception;
}
