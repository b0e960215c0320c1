package io.childproc.actuate;

import io.childproc.actuate.ChildrenEndpoint.TerminationDescriptor;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of the {@link ChildrenEndpoint}: {@code DELETE} of a pid the launcher did
 * not start answers 404 (a web operation that returns nothing would answer 204).
 */
@EndpointWebExtension(endpoint = ChildrenEndpoint.class)
public class ChildrenEndpointWebExtension {

	private final ChildrenEndpoint delegate;

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 */
	public ChildrenEndpointWebExtension(ChildrenEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Ends the tree of the tracked child with that pid; see
	 * {@link ChildrenEndpoint#terminate(long)}.
	 * @param pid the child's pid
	 * @return what happened, or 404 when the launcher tracks no such child
	 */
	@DeleteOperation
	public WebEndpointResponse<TerminationDescriptor> terminate(@Selector long pid) {
		TerminationDescriptor result = this.delegate.terminate(pid);
		return (result != null) ? new WebEndpointResponse<>(result)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
