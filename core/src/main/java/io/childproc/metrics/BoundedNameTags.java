package io.childproc.metrics;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The values of the {@code name} tag of {@value ChildProcessMetrics#DURATION}, bounded:
 * the first {@code maxNames} distinct child names are reported as they are, every later
 * new name as {@value #OVERFLOW}. The first name turned away is logged once, at WARN,
 * naming {@value #PROPERTY}. Thread-safe; a name seen once keeps its own value.
 */
public final class BoundedNameTags {

	/** The tag value reported for every name past the limit. */
	public static final String OVERFLOW = "OTHER";

	/** The setting that raises the limit, named in the warning. */
	public static final String PROPERTY = "childproc.metrics.max-names";

	/** The limit unless configured otherwise. */
	public static final int DEFAULT_MAX_NAMES = 100;

	private static final System.Logger logger = System.getLogger(BoundedNameTags.class.getName());

	private final int maxNames;

	private final Set<String> names = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean warned = new AtomicBoolean();

	/**
	 * Creates a bound of {@value #DEFAULT_MAX_NAMES} names.
	 */
	public BoundedNameTags() {
		this(DEFAULT_MAX_NAMES);
	}

	/**
	 * Creates a bound.
	 * @param maxNames how many distinct names are reported as they are; at least 1
	 */
	public BoundedNameTags(int maxNames) {
		if (maxNames < 1) {
			throw new IllegalArgumentException(PROPERTY + " must be 1 or more, was " + maxNames
					+ " (it bounds the distinct values of the name tag; past it names are reported as " + OVERFLOW
					+ ")");
		}
		this.maxNames = maxNames;
	}

	/**
	 * Returns the value of the {@code name} tag for a child's name.
	 * @param name the child's name
	 * @return the name itself, or {@value #OVERFLOW} once {@code maxNames} other names
	 * were reported
	 */
	public String tagValue(String name) {
		Objects.requireNonNull(name, "name");
		if (this.names.contains(name)) {
			return name;
		}
		synchronized (this.names) {
			if (this.names.size() < this.maxNames) {
				this.names.add(name);
				return name;
			}
		}
		if (this.warned.compareAndSet(false, true)) {
			logger.log(Level.WARNING,
					() -> "More than " + this.maxNames + " distinct child names were seen: the name tag of "
							+ ChildProcessMetrics.DURATION + " now reports new names as " + OVERFLOW
							+ ". Start children under a few short names (StartOptions.named) or raise " + PROPERTY
							+ ".");
		}
		return OVERFLOW;
	}

	/**
	 * Returns the limit.
	 * @return how many distinct names are reported as they are
	 */
	public int maxNames() {
		return this.maxNames;
	}

}
