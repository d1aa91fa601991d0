package org.tessera.data;

/**
 * One problem found by {@link DatasetValidator}.
 *
 * @param severity ERROR (the data is wrong or unusable) or WARNING (suspicious, e.g. a box slightly outside)
 * @param file     the file concerned (annotation file, image, mask), or "" when none applies
 * @param item     the item inside it, e.g. "image 42 (000000000042.jpg), annotation 1234", or ""
 * @param message  what is wrong, one line
 */
public record Problem(Severity severity, String file, String item, String message) {
    /** How bad a problem is. */
    public enum Severity { ERROR, WARNING }

    /** {@code ERROR file: item: message}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(severity.name()).append(' ');
        if (!file.isEmpty()) b.append(file).append(": ");
        if (!item.isEmpty()) b.append(item).append(": ");
        return b.append(message).toString();
    }
}
