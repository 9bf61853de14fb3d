import type { Metadata } from 'next';
import { ExerciseForm } from '@/lib/summaries/components/exercise-form';
import { ExerciseLibraryView } from '@/lib/summaries/components/exercise-library-view';
import { getExerciseLibrary } from '@/lib/summaries/data';
import { Card, PageHeading } from '@/lib/ui/app-shell';

export const metadata: Metadata = { title: 'Exercises' };

export default async function ExerciseLibraryPage() {
  const { active, archived } = await getExerciseLibrary();
  return (
    <>
      <PageHeading
        title="Your exercises"
        intro="Exercises you give often. Copy one into a session summary and change it for that client if you like: the summary keeps its own copy."
      />
      <div className="space-y-6">
        <Card title="Add an exercise">
          <ExerciseForm />
        </Card>
        <Card title="Library">
          <ExerciseLibraryView active={active} archived={archived} />
        </Card>
      </div>
    </>
  );
}
