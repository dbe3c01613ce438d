export function App() {
  return (
    <main class="options">
      <h1>Job Status Companion — Options</h1>
    </main>
  );
}
