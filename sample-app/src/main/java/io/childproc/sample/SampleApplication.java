package io.childproc.sample;

import io.childproc.ProcessLauncher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The childproc sample application: starts the children of the jobs under
 * {@code sample.jobs} on a schedule and shows them through {@code /actuator/children},
 * {@code /actuator/health} and {@code /actuator/prometheus}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleJobsProperties.class)
public class SampleApplication {

	@Bean
	JobRunner jobRunner(ProcessLauncher launcher, SampleJobsProperties properties) {
		return new JobRunner(launcher, properties);
	}

	@Bean
	JobsEndpoint jobsEndpoint(JobRunner jobRunner) {
		return new JobsEndpoint(jobRunner);
	}

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
