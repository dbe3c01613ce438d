export function App() {
  return (
    <main class="popup">
      <h1>Job Status Companion</h1>
    </main>
  );
}
