package io.childproc.autoconfigure;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Keeps the long-task timer {@value #ACTIVE} without a histogram unless it is asked for
 * by its full name: Spring Boot matches
 * {@code management.metrics.distribution.percentiles-histogram.<name>} as a prefix, so
 * the setting recommended for the {@code process.children.duration} timer would also give
 * the active timer bucket series that no panel reads.
 */
final class ActiveTimerHistogramFilter implements MeterFilter {

	static final String ACTIVE = "process.children.duration.active";

	private static final String PERCENTILES_HISTOGRAM = "management.metrics.distribution.percentiles-histogram";

	private final boolean askedByFullName;

	ActiveTimerHistogramFilter(Environment environment) {
		this.askedByFullName = Boolean.TRUE.equals(Binder.get(environment)
			.bind(PERCENTILES_HISTOGRAM, Bindable.mapOf(String.class, Boolean.class))
			.map((names) -> names.get(ACTIVE))
			.orElse(null));
	}

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		if (this.askedByFullName || !ACTIVE.equals(id.getName())) {
			return config;
		}
		return DistributionStatisticConfig.builder().percentilesHistogram(false).build().merge(config);
	}

}
