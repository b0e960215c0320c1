package io.childproc.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of a child's life: its name and key values. Define a
 * bean of this type (with Spring Boot) to replace
 * {@link DefaultChildProcessObservationConvention}, or extend the latter to add keys.
 */
public interface ChildProcessObservationConvention extends ObservationConvention<ChildProcessObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ChildProcessObservationContext;
	}

}
