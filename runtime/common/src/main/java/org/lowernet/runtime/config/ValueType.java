package org.lowernet.runtime.config;

/**
 * How the text after "=" becomes a typed value. Built by {@link ValueTypes}.
 *
 * @param name   the type as CONFIG.md's "type" column writes it
 * @param parser turns the trimmed text into the value or says what was wrong
 * @param <T>    the value's Java type
 */
public record ValueType<T>(String name, Parser<T> parser) {

    /** A parse function that reports a bad value as {@link InvalidValue}. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text) throws InvalidValue;
    }

    public T parse(String text) throws InvalidValue {
        return parser.parse(text);
    }
}
