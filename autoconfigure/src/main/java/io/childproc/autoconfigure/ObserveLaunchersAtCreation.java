package io.childproc.autoconfigure;

import io.childproc.ProcessLauncher;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Hands each {@link ProcessLauncher} bean to the {@link LaunchersObservations} the moment
 * the launcher is created, before any other bean can start a child with it.
 */
final class ObserveLaunchersAtCreation implements BeanPostProcessor {

	private final ObjectProvider<LaunchersObservations> observations;

	private final ListableBeanFactory beanFactory;

	ObserveLaunchersAtCreation(ObjectProvider<LaunchersObservations> observations, ListableBeanFactory beanFactory) {
		this.observations = observations;
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ProcessLauncher launcher) {
			LaunchersObservations observations = this.observations.getIfAvailable();
			if (observations != null) {
				boolean several = this.beanFactory.getBeanNamesForType(ProcessLauncher.class, true, false).length > 1;
				observations.observe(beanName, launcher, several);
			}
		}
		return bean;
	}

}
