package org.lowernet.runtime.net;

/** A change the kernel announced on the rtnetlink multicast groups. */
public sealed interface NetEvent {

    /** RTM_NEWLINK: a link appeared or changed (flags, MTU, name, carrier ...). */
    record LinkChanged(Link link) implements NetEvent {
    }

    /** RTM_DELLINK. */
    record LinkRemoved(Link link) implements NetEvent {
    }

    /** RTM_NEWADDR. */
    record AddressAdded(Address address) implements NetEvent {
    }

    /** RTM_DELADDR. */
    record AddressRemoved(Address address) implements NetEvent {
    }

    /** RTM_NEWROUTE in the main table. */
    record RouteAdded(Route route) implements NetEvent {
    }

    /** RTM_DELROUTE in the main table. */
    record RouteRemoved(Route route) implements NetEvent {
    }

    /** The kernel dropped notifications (ENOBUFS): the listener must re-read the whole state. */
    record EventsLost() implements NetEvent {
    }
}
