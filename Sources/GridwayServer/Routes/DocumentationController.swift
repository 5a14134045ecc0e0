import Foundation
import Hummingbird

/// `GET /openapi.yaml`: the OpenAPI 3.1 description of this API, shipped inside the binary.
struct DocumentationController<Context: RequestContext> {
    func addRoutes(to router: Router<Context>) {
        router.get("openapi.yaml") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
                let data = try? Data(contentsOf: url)
            else { throw Problem.notFound("the OpenAPI description is not bundled with this build") }
            return Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
