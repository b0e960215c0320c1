package io.childproc.sample;

import java.util.List;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * The sample's {@code jobs} endpoint: {@code GET /actuator/jobs} lists the jobs,
 * {@code POST /actuator/jobs/{name}} with {@code {"enabled": false}} switches one off
 * (404 for a name no job has). Read-only unless
 * {@code management.endpoint.jobs.access=unrestricted}.
 */
@WebEndpoint(id = "jobs", defaultAccess = Access.READ_ONLY)
public class JobsEndpoint {

	private final JobRunner runner;

	public JobsEndpoint(JobRunner runner) {
		this.runner = runner;
	}

	@ReadOperation
	public JobsDescriptor jobs() {
		return new JobsDescriptor(this.runner.jobs());
	}

	@ReadOperation
	public JobRunner.JobStatus job(@Selector String name) {
		return this.runner.jobs().stream().filter((job) -> job.name().equals(name)).findFirst().orElse(null);
	}

	@WriteOperation
	public WebEndpointResponse<JobRunner.JobStatus> configureJob(@Selector String name, boolean enabled) {
		return this.runner.setEnabled(name, enabled)
			.map(WebEndpointResponse::new)
			.orElseGet(() -> new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND));
	}

	/**
	 * The jobs of the sample application.
	 *
	 * @param jobs each job's state, in configuration order
	 */
	public record JobsDescriptor(List<JobRunner.JobStatus> jobs) implements OperationResponseBody {
	}

}
