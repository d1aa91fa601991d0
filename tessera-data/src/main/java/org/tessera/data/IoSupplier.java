package org.tessera.data;

import java.io.IOException;

/** A supplier that may fail with an {@link IOException}; used for lazily decoded images and masks. */
@FunctionalInterface
public interface IoSupplier<T> {
    T get() throws IOException;
}
